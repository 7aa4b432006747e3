/** @module The console's tables on the embedded store: accounts, sessions, failed logins, the audit chain (console-contract.ts). */
import Database from 'better-sqlite3';
import { chainHash } from '../../journal/entry.js';
import type {
  Account, AccountStore, AuditChainView, AuditHead, AuditRow, AuditStore, ConsoleStore, FailureState, LoginFailureStore,
  NewAccount, NoteStore, SessionRecord, SessionStore,
} from '../console-contract.js';
import { SqliteNotes } from './notes.js';
import type { SqliteDb } from './open.js';

const PAGE = 1000;
const ACCOUNT_COLS = 'id, email, role, password_hash, disabled, created_at, password_changed_at, last_login_at';

type AccountRow = Omit<Account, 'disabled'> & { disabled: number };
const account = (r: AccountRow): Account => ({ ...r, disabled: r.disabled === 1 });

class Accounts implements AccountStore {
  constructor(private readonly db: SqliteDb) {}

  async add(a: NewAccount): Promise<Account | null> {
    const r = this.db.prepare(`INSERT INTO console_accounts (email, role, password_hash, created_at, password_changed_at)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING ${ACCOUNT_COLS}`)
      .get(a.email, a.role, a.password_hash, a.created_at, a.created_at) as AccountRow | undefined;
    return r ? account(r) : null;
  }

  async byEmail(email: string): Promise<Account | null> {
    const r = this.db.prepare(`SELECT ${ACCOUNT_COLS} FROM console_accounts WHERE email = ?`).get(email) as AccountRow | undefined;
    return r ? account(r) : null;
  }

  async list(): Promise<Account[]> {
    return (this.db.prepare(`SELECT ${ACCOUNT_COLS} FROM console_accounts ORDER BY email`).all() as AccountRow[]).map(account);
  }

  /** The change and the end of the account's sessions in one transaction: no request slips in between on another process. */
  private changeAndEndSessions(sql: string, args: unknown[]): number | null {
    return this.db.transaction(() => {
      const id = this.db.prepare(sql).pluck().get(...args) as number | undefined;
      if (id === undefined) return null;
      return this.db.prepare('DELETE FROM console_sessions WHERE account_id = ?').run(id).changes;
    }).immediate();
  }

  async disable(email: string): Promise<number | null> {
    return this.changeAndEndSessions('UPDATE console_accounts SET disabled = 1 WHERE email = ? RETURNING id', [email]);
  }

  async setPassword(email: string, passwordHash: string, at: string): Promise<number | null> {
    return this.changeAndEndSessions(
      'UPDATE console_accounts SET password_hash = ?, password_changed_at = ? WHERE email = ? RETURNING id', [passwordHash, at, email]);
  }

  async rehash(id: number, passwordHash: string): Promise<void> {
    this.db.prepare('UPDATE console_accounts SET password_hash = ? WHERE id = ?').run(passwordHash, id);
  }

  async recordLogin(id: number, at: string): Promise<void> {
    this.db.prepare('UPDATE console_accounts SET last_login_at = ? WHERE id = ?').run(at, id);
  }
}

class Sessions implements SessionStore {
  constructor(private readonly db: SqliteDb) {}

  async create(s: SessionRecord): Promise<void> {
    this.db.prepare('INSERT INTO console_sessions (id_hash, account_id, csrf, created_ms, seen_ms) VALUES (?, ?, ?, ?, ?)')
      .run(s.id_hash, s.account_id, s.csrf, s.created_ms, s.seen_ms);
  }

  async find(idHash: string): Promise<{ session: SessionRecord; account: Account } | null> {
    const r = this.db.prepare(`SELECT s.id_hash, s.account_id, s.csrf, s.created_ms, s.seen_ms,
        a.id, a.email, a.role, a.password_hash, a.disabled, a.created_at, a.password_changed_at, a.last_login_at
      FROM console_sessions s JOIN console_accounts a ON a.id = s.account_id WHERE s.id_hash = ?`).get(idHash) as
      (SessionRecord & AccountRow) | undefined;
    if (!r) return null;
    const { id_hash, account_id, csrf, created_ms, seen_ms, ...a } = r;
    return { session: { id_hash, account_id, csrf, created_ms, seen_ms }, account: account(a) };
  }

  async touch(idHash: string, seenMs: number): Promise<void> {
    this.db.prepare('UPDATE console_sessions SET seen_ms = ? WHERE id_hash = ? AND seen_ms < ?').run(seenMs, idHash, seenMs);
  }

  async delete(idHash: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM console_sessions WHERE id_hash = ?').run(idHash).changes > 0;
  }

  async purge(idleBefore: number, createdBefore: number): Promise<number> {
    return this.db.prepare('DELETE FROM console_sessions WHERE seen_ms < ? OR created_ms < ?').run(idleBefore, createdBefore).changes;
  }
}

class Failures implements LoginFailureStore {
  constructor(private readonly db: SqliteDb) {}

  async get(email: string): Promise<FailureState | null> {
    return (this.db.prepare('SELECT failures, window_start_ms, locked_until_ms FROM console_login_failures WHERE email = ?')
      .get(email) as FailureState | undefined) ?? null;
  }

  /** IMMEDIATE: the write lock is taken before the read, so a server and a CLI on the same file cannot both read the old count. */
  async update(email: string, next: (prev: FailureState | null) => FailureState): Promise<FailureState> {
    return this.db.transaction(() => {
      const prev = (this.db.prepare('SELECT failures, window_start_ms, locked_until_ms FROM console_login_failures WHERE email = ?')
        .get(email) as FailureState | undefined) ?? null;
      const s = next(prev);
      this.db.prepare(`INSERT INTO console_login_failures (email, failures, window_start_ms, locked_until_ms) VALUES (?, ?, ?, ?)
        ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, window_start_ms = excluded.window_start_ms,
        locked_until_ms = excluded.locked_until_ms`).run(email, s.failures, s.window_start_ms, s.locked_until_ms);
      return s;
    }).immediate();
  }

  async clear(email: string): Promise<void> {
    this.db.prepare('DELETE FROM console_login_failures WHERE email = ?').run(email);
  }

  async purge(before: number): Promise<number> {
    return this.db.prepare(`DELETE FROM console_login_failures
      WHERE window_start_ms < ? AND (locked_until_ms IS NULL OR locked_until_ms < ?)`).run(before, before).changes;
  }
}

/** Keyset pages read whole with `.all()`, so no statement stays open on the connection across the caller's awaits. */
async function* auditRows(db: SqliteDb): AsyncGenerator<AuditRow> {
  const stmt = db.prepare('SELECT seq, prev_hash, hash, body FROM console_audit WHERE seq > ? ORDER BY seq LIMIT ?');
  for (let after = Number.MIN_SAFE_INTEGER; ;) {
    const rows = stmt.all(after, PAGE) as AuditRow[];
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].seq;
  }
}

const readHead = (db: SqliteDb) => db.prepare('SELECT seq, hash FROM console_audit_head WHERE id = 1').get() as AuditHead;

class Audit implements AuditStore {
  constructor(private readonly db: SqliteDb, private readonly path: string) {}

  /** IMMEDIATE: the head is read under the write lock, so appends from a server and a CLI on one file never fork the chain. */
  async append(body: (seq: number) => string): Promise<AuditRow> {
    return this.db.transaction(() => {
      const head = readHead(this.db);
      const seq = head.seq + 1;
      const text = body(seq);
      const row = { seq, prev_hash: head.hash, hash: chainHash(head.hash, text), body: text };
      this.db.prepare('INSERT INTO console_audit (seq, prev_hash, hash, body) VALUES (?, ?, ?, ?)').run(row.seq, row.prev_hash, row.hash, row.body);
      this.db.prepare('UPDATE console_audit_head SET seq = ?, hash = ? WHERE id = 1').run(row.seq, row.hash);
      return row;
    }).immediate();
  }

  async latest(limit: number): Promise<AuditRow[]> {
    return this.db.prepare('SELECT seq, prev_hash, hash, body FROM console_audit ORDER BY seq DESC LIMIT ?').all(limit) as AuditRow[];
  }

  /**
   * A read transaction on a connection of its own (as the journal's readJournal): in WAL mode it sees one snapshot,
   * head and entries alike, while the server keeps appending on the main connection.
   */
  async readChain<T>(fn: (view: AuditChainView) => Promise<T>): Promise<T> {
    if (this.path === ':memory:') return fn({ head: readHead(this.db), rows: () => auditRows(this.db) });
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    try {
      db.exec('BEGIN');
      return await fn({ head: readHead(db), rows: () => auditRows(db) });
    } finally {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    }
  }
}

export class SqliteConsoleStore implements ConsoleStore {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly failures: LoginFailureStore;
  readonly audit: AuditStore;
  readonly notes: NoteStore;

  constructor(db: SqliteDb, path: string) {
    this.accounts = new Accounts(db);
    this.sessions = new Sessions(db);
    this.failures = new Failures(db);
    this.notes = new SqliteNotes(db);
    this.audit = new Audit(db, path);
  }
}
