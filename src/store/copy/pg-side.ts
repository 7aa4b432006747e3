/** @module The PostgreSQL end of a store copy: a REPEATABLE READ snapshot to read from, or one transaction of multi-row inserts to write into. */
import type { StoredCredit } from '../../domain/credit.js';
import type pg from 'pg';
import type { JournalEntry } from '../../journal/entry.js';
import { GENESIS_HASH } from '../../journal/entry.js';
import type { JournalView } from '../contract.js';
import { paged } from '../postgres/paging.js';
import { BULK_LIMITS } from '../postgres/pool.js';
import { PgStore } from '../postgres/store.js';
import type { CopySource, CopyTarget, JournalHead, Row } from './copy.js';
import { DEMO_KEY_SETTING, IDENTITY_TABLES, REPLACED_WITH_SUBSCRIBERS, TABLES, columnList, type TableSpec } from './tables.js';

/** A copy is one long job on one connection: the bulk limits, not a serving node's few seconds per statement. */
async function connect(url: string): Promise<{ store: PgStore; client: pg.PoolClient }> {
  const store = await PgStore.open(url, { max: 1, limits: BULK_LIMITS });
  try {
    const client = await store.pool.connect();
    // A server lost mid-copy shows as the failed statement; without a listener it would also be an uncaught 'error'.
    client.on('error', () => {});
    return { store, client };
  } catch (e) {
    await store.close();
    throw e;
  }
}

async function* arrays(c: pg.PoolClient, t: TableSpec, batch: number): AsyncGenerator<Row[]> {
  if (t.key === null) {
    const { rows } = await c.query<Row>({ text: `SELECT ${columnList(t)} FROM ${t.name} ORDER BY 1, 2`, rowMode: 'array' });
    for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch);
    return;
  }
  const keyAt = t.columns.findIndex((col) => col[0] === t.key);
  let after = -1;
  for (;;) {
    const { rows } = await c.query<Row>({
      text: `SELECT ${columnList(t)} FROM ${t.name} WHERE ${t.key} > $1 ORDER BY ${t.key} LIMIT $2`, values: [after, batch], rowMode: 'array',
    });
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1][keyAt] as number;
  }
}

async function lastEntry(c: pg.PoolClient): Promise<JournalHead> {
  const { rows } = await c.query<JournalHead>('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
  return rows[0] ?? { seq: 0, hash: GENESIS_HASH };
}

export class PgCopySource implements CopySource {
  readonly engine = 'postgres' as const;
  readonly location: string;

  private constructor(private readonly store: PgStore, private readonly c: pg.PoolClient) {
    this.location = store.location;
  }

  /** Migrated like any store opened by a command, then one read-only snapshot for everything the copy reads. */
  static async open(url: string): Promise<PgCopySource> {
    const { store, client } = await connect(url);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return new PgCopySource(store, client);
  }

  async count(t: TableSpec): Promise<number> {
    return (await this.c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`)).rows[0].n;
  }

  rows(t: TableSpec, batch: number): AsyncIterable<Row[]> {
    return arrays(this.c, t, batch);
  }

  head(): Promise<JournalHead> {
    return lastEntry(this.c);
  }

  async demoKey(): Promise<{ key: string; inSettings: boolean } | null> {
    const { rows } = await this.c.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [DEMO_KEY_SETTING]);
    return rows[0] ? { key: rows[0].value, inSettings: true } : null;
  }

  async close(): Promise<void> {
    await this.c.query('COMMIT').catch(() => {});
    this.c.release();
    await this.store.close();
  }
}

const ENTRIES = 'SELECT seq, prev_hash, hash, body FROM journal WHERE seq > $1 ORDER BY seq LIMIT $2';
const STORED = `SELECT claim_id, journal_seq, contract_no, meter_no, programme_id, cycle, service, metering, fcfa, units_tenths,
  unit, token, issuer, channel, issued_at, grievance_ticket, grievance_approver FROM credits WHERE journal_seq > $1 ORDER BY journal_seq LIMIT $2`;

export class PgCopyTarget implements CopyTarget {
  readonly engine = 'postgres' as const;
  readonly location: string;
  private readonly inserts = new Map<string, string>();

  private constructor(private readonly store: PgStore, private readonly c: pg.PoolClient) {
    this.location = store.location;
    // Columns travel as arrays, one per column: one statement per batch, however many rows it holds.
    for (const t of TABLES) {
      this.inserts.set(t.name, `INSERT INTO ${t.name} (${columnList(t)})
        SELECT * FROM unnest(${t.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`);
    }
  }

  /** Creates the schema on an empty database (migrations), as any command does. */
  static async open(url: string): Promise<PgCopyTarget> {
    const { store, client } = await connect(url);
    return new PgCopyTarget(store, client);
  }

  async begin(): Promise<void> {
    await this.c.query('BEGIN');
    // The head lock every claim commit takes first: a node left running on the target waits (and answers 503) instead
    // of chaining its credits onto a journal that is being replaced.
    await this.c.query('SELECT seq FROM journal_head WHERE id = 1 FOR UPDATE');
  }

  async count(t: TableSpec): Promise<number> {
    return (await this.c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`)).rows[0].n;
  }

  async clear(): Promise<void> {
    // The desk's notes are about the subscribers being erased (a foreign key): they go with them (--replace says so).
    await this.c.query(`TRUNCATE ${[...TABLES.map((t) => t.name), ...REPLACED_WITH_SUBSCRIBERS].join(', ')} RESTART IDENTITY`);
    await this.c.query('UPDATE journal_head SET seq = 0, hash = $1 WHERE id = 1', [GENESIS_HASH]);
  }

  async insert(t: TableSpec, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    await this.c.query(this.inserts.get(t.name)!, t.columns.map((_, i) => rows.map((r) => r[i])));
  }

  rows(t: TableSpec, batch: number): AsyncIterable<Row[]> {
    return arrays(this.c, t, batch);
  }

  async setDemoKey(key: string): Promise<void> {
    await this.c.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [DEMO_KEY_SETTING, key]);
  }

  /**
   * Ids were copied, not drawn from the identity sequences: move each sequence past the largest id, or the first
   * subscriber an import adds would collide with a copied one. Then the one-row chain head, from the last entry.
   */
  async finish(head: JournalHead): Promise<void> {
    for (const t of IDENTITY_TABLES) {
      // setval is strict: on an empty table max(id) is null and the sequence stays where it is.
      await this.c.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
    }
    await this.c.query('UPDATE journal_head SET seq = $1, hash = $2 WHERE id = 1', [head.seq, head.hash]);
  }

  view(): JournalView {
    return {
      entries: () => paged<JournalEntry>(this.c, ENTRIES, 'seq'),
      credits: () => paged<StoredCredit>(this.c, STORED, 'journal_seq'),
    };
  }

  async storedHead(): Promise<JournalHead | null> {
    return (await this.c.query<JournalHead>('SELECT seq, hash FROM journal_head WHERE id = 1')).rows[0] ?? null;
  }

  async commit(): Promise<void> {
    await this.c.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.c.query('ROLLBACK');
  }

  async close(): Promise<void> {
    this.c.release();
    await this.store.close();
  }
}
