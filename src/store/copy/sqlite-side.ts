/** @module The SQLite end of a store copy: a read snapshot of a live file to read from, or one IMMEDIATE transaction to write into. */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENESIS_HASH } from '../../journal/entry.js';
import type { JournalView } from '../contract.js';
import { SqliteClaimRepo } from '../sqlite/claims.js';
import { openSqlite, type SqliteDb } from '../sqlite/open.js';
import { MIGRATIONS } from '../sqlite/schema.js';
import { SmsSpool } from '../sqlite/sms-spool.js';
import { CopyRefused, type CopySource, type CopyTarget, type JournalHead, type Row } from './copy.js';
import { DEMO_KEY_FILE, REPLACED_WITH_SUBSCRIBERS, TABLES, columnList, type TableSpec } from './tables.js';

async function* fromSync<T>(rows: Iterable<T>): AsyncGenerator<T> {
  yield* rows;
}

function lastEntry(db: SqliteDb): JournalHead {
  return (db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as JournalHead | undefined) ?? { seq: 0, hash: GENESIS_HASH };
}

/** Keyset pages read whole (.all): an open iterator would keep the connection busy across the other side's awaits. */
async function* arrays(db: SqliteDb, t: TableSpec, batch: number): AsyncGenerator<Row[]> {
  if (t.key === null) {
    const rows = db.prepare(`SELECT ${columnList(t)} FROM ${t.name} ORDER BY 1, 2`).raw().all() as Row[];
    for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch);
    return;
  }
  const stmt = db.prepare(`SELECT ${columnList(t)} FROM ${t.name} WHERE ${t.key} > ? ORDER BY ${t.key} LIMIT ?`).raw();
  const keyAt = t.columns.findIndex((c) => c[0] === t.key);
  let after = -1;
  for (;;) {
    const rows = stmt.all(after, batch) as Row[];
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1][keyAt] as number;
  }
}

const count = (db: SqliteDb, t: TableSpec): number => db.prepare(`SELECT count(*) FROM ${t.name}`).pluck().get() as number;

export class SqliteCopySource implements CopySource {
  readonly engine = 'sqlite' as const;

  private constructor(private readonly db: SqliteDb, readonly location: string) {}

  /**
   * A store file that exists (a copy never creates its source), brought to the current schema as any command would,
   * then opened read-only in one read transaction: in WAL mode that is one snapshot for the whole copy, however
   * long it takes, while a node may keep committing to the file (what it commits meanwhile is not in the copy).
   */
  static open(path: string): SqliteCopySource {
    if (!existsSync(path)) throw new CopyRefused(`no store at ${path}: give the folder that holds guichet.db`);
    const probe = new Database(path, { readonly: true, fileMustExist: true });
    const version = probe.pragma('user_version', { simple: true }) as number;
    probe.close();
    if (version > MIGRATIONS.length) throw new CopyRefused(`${path} was written by a newer Guichet (schema ${version}): upgrade Guichet`);
    // Notices still spooled with their credits' batch (sqlite/sms-spool.ts) are moved into the outbox first, as a
    // node's sender would: the copy reads the outbox. A node committing meanwhile may spool more before the snapshot
    // starts: looked at again in the snapshot, a few times.
    for (let attempt = 0; attempt < 5; attempt++) {
      const w = openSqlite(path);
      try {
        const spool = new SmsSpool(w);
        if (spool.count() > 0) w.transaction(() => spool.unspoolAll()).immediate();
      } finally {
        w.close();
      }
      const db = new Database(path, { readonly: true, fileMustExist: true });
      db.exec('BEGIN');
      if (new SmsSpool(db).count() === 0) return new SqliteCopySource(db, path);
      db.close();
    }
    throw new CopyRefused(`${path}: a node keeps committing credits while the copy starts; stop it first (guichet copies a live file, but not one this busy)`);
  }

  async count(t: TableSpec): Promise<number> {
    return count(this.db, t);
  }

  rows(t: TableSpec, batch: number): AsyncIterable<Row[]> {
    return arrays(this.db, t, batch);
  }

  async head(): Promise<JournalHead> {
    return lastEntry(this.db);
  }

  async demoKey(): Promise<{ key: string; inSettings: boolean } | null> {
    const f = join(dirname(this.location), DEMO_KEY_FILE);
    return existsSync(f) ? { key: readFileSync(f, 'utf8').trim(), inSettings: false } : null;
  }

  async close(): Promise<void> {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.close();
  }
}

export class SqliteCopyTarget implements CopyTarget {
  readonly engine = 'sqlite' as const;
  private readonly inserts = new Map<string, Database.Statement>();
  private pendingKey: string | null = null;

  private constructor(private readonly db: SqliteDb, readonly location: string) {
    for (const t of TABLES) {
      this.inserts.set(t.name, db.prepare(`INSERT INTO ${t.name} (${columnList(t)}) VALUES (${t.columns.map(() => '?').join(', ')})`));
    }
  }

  /** Creates the file and its schema if need be, as any command does. */
  static open(path: string): SqliteCopyTarget {
    return new SqliteCopyTarget(openSqlite(path), path);
  }

  async begin(): Promise<void> {
    // IMMEDIATE: the write lock from the start, so a node on this file waits rather than interleaving its commits.
    this.db.exec('BEGIN IMMEDIATE');
  }

  async count(t: TableSpec): Promise<number> {
    return count(this.db, t);
  }

  async clear(): Promise<void> {
    // Children before parents: the foreign keys are enforced.
    for (const t of [...REPLACED_WITH_SUBSCRIBERS, ...[...TABLES].reverse().map((x) => x.name)]) this.db.prepare(`DELETE FROM ${t}`).run();
    // SQLite's own: the notices of a batch not yet moved into the outbox (sqlite/sms-spool.ts).
    this.db.prepare('DELETE FROM sms_spool').run();
  }

  async insert(t: TableSpec, rows: Row[]): Promise<void> {
    const stmt = this.inserts.get(t.name)!;
    for (const r of rows) stmt.run(...r);
  }

  rows(t: TableSpec, batch: number): AsyncIterable<Row[]> {
    return arrays(this.db, t, batch);
  }

  /** Written beside the database once the copy commits: that is where an SQLite node reads its demo key. */
  async setDemoKey(key: string): Promise<void> {
    this.pendingKey = key;
  }

  /** Nothing derived to set: SQLite reads the chain head from the journal's last row. */
  async finish(): Promise<void> {}

  view(): JournalView {
    const repo = new SqliteClaimRepo(this.db);
    return { entries: () => fromSync(repo.journalEntries()), credits: () => fromSync(repo.storedCredits()) };
  }

  async storedHead(): Promise<JournalHead | null> {
    return null;
  }

  async commit(): Promise<void> {
    this.db.exec('COMMIT');
    if (this.pendingKey !== null) writeFileSync(join(dirname(this.location), DEMO_KEY_FILE), this.pendingKey + '\n', { mode: 0o600 });
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
