/** @module The console's tables on PostgreSQL, shared by every node: accounts, sessions, failed logins, one audit chain. */
import type pg from 'pg';
import { chainHash } from '../../journal/entry.js';
import type {
  Account, AccountStore, AuditChainView, AuditHead, AuditRow, AuditStore, ConsoleStore, FailureState, LoginFailureStore,
  NewAccount, NoteStore, SessionRecord, SessionStore,
} from '../console-contract.js';
import { PgNotes } from './notes.js';
import { transaction } from './tx.js';

const PAGE = 1000;
const ACCOUNT_COLS = 'id, email, role, password_hash, disabled, created_at, password_changed_at, last_login_at';
const FAILURE_COLS = 'failures, window_start_ms, locked_until_ms';

class Accounts implements AccountStore {
  constructor(private readonly pool: pg.Pool) {}

  async add(a: NewAccount): Promise<Account | null> {
    const { rows } = await this.pool.query<Account>(`INSERT INTO console_accounts (email, role, password_hash, created_at, password_changed_at)
      VALUES ($1, $2, $3, $4, $4) ON CONFLICT (email) DO NOTHING RETURNING ${ACCOUNT_COLS}`, [a.email, a.role, a.password_hash, a.created_at]);
    return rows[0] ?? null;
  }

  async byEmail(email: string): Promise<Account | null> {
    return (await this.pool.query<Account>(`SELECT ${ACCOUNT_COLS} FROM console_accounts WHERE email = $1`, [email])).rows[0] ?? null;
  }

  async list(): Promise<Account[]> {
    // COLLATE "C": the same order as SQLite's byte order, whatever the database's locale.
    return (await this.pool.query<Account>(`SELECT ${ACCOUNT_COLS} FROM console_accounts ORDER BY email COLLATE "C"`)).rows;
  }

  /** The change and the end of the account's sessions in one transaction: no node serves the old session after it. */
  private changeAndEndSessions(sql: string, args: unknown[]): Promise<number | null> {
    return transaction(this.pool, 'BEGIN', async (c) => {
      const { rows } = await c.query<{ id: number }>(sql, args);
      if (rows.length === 0) return null;
      return (await c.query('DELETE FROM console_sessions WHERE account_id = $1', [rows[0].id])).rowCount ?? 0;
    });
  }

  disable(email: string): Promise<number | null> {
    return this.changeAndEndSessions('UPDATE console_accounts SET disabled = true WHERE email = $1 RETURNING id', [email]);
  }

  setPassword(email: string, passwordHash: string, at: string): Promise<number | null> {
    return this.changeAndEndSessions(
      'UPDATE console_accounts SET password_hash = $1, password_changed_at = $2 WHERE email = $3 RETURNING id', [passwordHash, at, email]);
  }

  async rehash(id: number, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE console_accounts SET password_hash = $1 WHERE id = $2', [passwordHash, id]);
  }

  async recordLogin(id: number, at: string): Promise<void> {
    await this.pool.query('UPDATE console_accounts SET last_login_at = $1 WHERE id = $2', [at, id]);
  }
}

class Sessions implements SessionStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(s: SessionRecord): Promise<void> {
    await this.pool.query('INSERT INTO console_sessions (id_hash, account_id, csrf, created_ms, seen_ms) VALUES ($1, $2, $3, $4, $5)',
      [s.id_hash, s.account_id, s.csrf, s.created_ms, s.seen_ms]);
  }

  async find(idHash: string): Promise<{ session: SessionRecord; account: Account } | null> {
    const { rows } = await this.pool.query<SessionRecord & Account>(`SELECT s.id_hash, s.account_id, s.csrf, s.created_ms, s.seen_ms,
        a.id, a.email, a.role, a.password_hash, a.disabled, a.created_at, a.password_changed_at, a.last_login_at
      FROM console_sessions s JOIN console_accounts a ON a.id = s.account_id WHERE s.id_hash = $1`, [idHash]);
    if (rows.length === 0) return null;
    const { id_hash, account_id, csrf, created_ms, seen_ms, ...account } = rows[0];
    return { session: { id_hash, account_id, csrf, created_ms, seen_ms }, account };
  }

  async touch(idHash: string, seenMs: number): Promise<void> {
    await this.pool.query('UPDATE console_sessions SET seen_ms = $2 WHERE id_hash = $1 AND seen_ms < $2', [idHash, seenMs]);
  }

  async delete(idHash: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash])).rowCount ?? 0) > 0;
  }

  async purge(idleBefore: number, createdBefore: number): Promise<number> {
    return (await this.pool.query('DELETE FROM console_sessions WHERE seen_ms < $1 OR created_ms < $2', [idleBefore, createdBefore])).rowCount ?? 0;
  }
}

class Failures implements LoginFailureStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(email: string): Promise<FailureState | null> {
    return (await this.pool.query<FailureState>(`SELECT ${FAILURE_COLS} FROM console_login_failures WHERE email = $1`, [email])).rows[0] ?? null;
  }

  /**
   * The row lock orders the nodes: an INSERT that went in means no row was there (and this transaction holds the
   * new one); one that did nothing waited for, or found, a committed row, which FOR UPDATE then reads and locks.
   */
  update(email: string, next: (prev: FailureState | null) => FailureState): Promise<FailureState> {
    return transaction(this.pool, 'BEGIN', async (c) => {
      const created = await c.query(`INSERT INTO console_login_failures (email, failures, window_start_ms) VALUES ($1, 0, 0)
        ON CONFLICT (email) DO NOTHING RETURNING email`, [email]);
      const prev = created.rowCount
        ? null
        : (await c.query<FailureState>(`SELECT ${FAILURE_COLS} FROM console_login_failures WHERE email = $1 FOR UPDATE`, [email])).rows[0];
      const s = next(prev);
      await c.query('UPDATE console_login_failures SET failures = $2, window_start_ms = $3, locked_until_ms = $4 WHERE email = $1',
        [email, s.failures, s.window_start_ms, s.locked_until_ms]);
      return s;
    });
  }

  async clear(email: string): Promise<void> {
    await this.pool.query('DELETE FROM console_login_failures WHERE email = $1', [email]);
  }

  async purge(before: number): Promise<number> {
    return (await this.pool.query(`DELETE FROM console_login_failures
      WHERE window_start_ms < $1 AND (locked_until_ms IS NULL OR locked_until_ms < $1)`, [before])).rowCount ?? 0;
  }
}

class Audit implements AuditStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Locks the one-row head like the journal's commits do: appends from every node queue there, so the chain never forks. */
  append(body: (seq: number) => string): Promise<AuditRow> {
    return transaction(this.pool, 'BEGIN', async (c) => {
      const head = (await c.query<AuditHead>('SELECT seq, hash FROM console_audit_head WHERE id = 1 FOR UPDATE')).rows[0];
      const seq = head.seq + 1;
      const text = body(seq);
      const row: AuditRow = { seq, prev_hash: head.hash, hash: chainHash(head.hash, text), body: text };
      await c.query('INSERT INTO console_audit (seq, prev_hash, hash, body) VALUES ($1, $2, $3, $4)', [row.seq, row.prev_hash, row.hash, row.body]);
      await c.query('UPDATE console_audit_head SET seq = $1, hash = $2 WHERE id = 1', [row.seq, row.hash]);
      return row;
    });
  }

  async latest(limit: number): Promise<AuditRow[]> {
    return (await this.pool.query<AuditRow>('SELECT seq, prev_hash, hash, body FROM console_audit ORDER BY seq DESC LIMIT $1', [limit])).rows;
  }

  /** REPEATABLE READ: head and every page of entries from one snapshot, while other nodes keep appending. */
  readChain<T>(fn: (view: AuditChainView) => Promise<T>): Promise<T> {
    return transaction(this.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
      const head = (await c.query<AuditHead>('SELECT seq, hash FROM console_audit_head WHERE id = 1')).rows[0];
      async function* rows(): AsyncGenerator<AuditRow> {
        for (let after = Number.MIN_SAFE_INTEGER; ;) {
          const page = (await c.query<AuditRow>('SELECT seq, prev_hash, hash, body FROM console_audit WHERE seq > $1 ORDER BY seq LIMIT $2',
            [after, PAGE])).rows;
          yield* page;
          if (page.length < PAGE) return;
          after = page[page.length - 1].seq;
        }
      }
      return fn({ head, rows });
    });
  }
}

export class PgConsoleStore implements ConsoleStore {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly failures: LoginFailureStore;
  readonly audit: AuditStore;
  readonly notes: NoteStore;

  constructor(pool: pg.Pool) {
    this.accounts = new Accounts(pool);
    this.sessions = new Sessions(pool);
    this.failures = new Failures(pool);
    this.notes = new PgNotes(pool);
    this.audit = new Audit(pool);
  }
}
