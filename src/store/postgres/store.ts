/** @module The PostgreSQL store: one pool shared by the repositories, migrated on open, for one node among several. */
import type pg from 'pg';
import type { Store } from '../contract.js';
import { PgClaimRepo } from './claims.js';
import { PgCodePool } from './codes.js';
import { openPool, redactUrl, type PoolOptions } from './pool.js';
import { PgProgrammeRepo } from './programmes.js';
import { migrate } from './schema.js';
import { PgSubscriberRepo } from './subscribers.js';
import { PgLineStore } from './room.js';
import { PgConsoleStore } from './console.js';
import { PgSmsOutbox } from './sms.js';
import { PgPhoneCodes } from './otp.js';
import { PgGrievances } from './grievances.js';
import { randomBytes } from 'node:crypto';

/** Advisory lock key of the start-up fill (any constant no other part of Guichet uses). */
const START_LOCK = '7437014141535400971';

export interface PgStoreOptions extends PoolOptions {
  /** Run migrations on open (default). `guichet migrate` runs them alone. */
  migrate?: boolean;
  /** Clock for updated_at and loaded_at stamps (tests). */
  now?: () => Date;
  /** Subscriber writes of at least this many rows go through COPY (default 64; the contract suite also runs with 1). */
  copyMin?: number;
}

export class PgStore implements Store {
  readonly engine = 'postgres' as const;
  readonly location: string;
  readonly subscribers: PgSubscriberRepo;
  readonly programmes: PgProgrammeRepo;
  readonly claims: PgClaimRepo;
  readonly codes: PgCodePool;
  readonly console: PgConsoleStore;
  readonly sms: PgSmsOutbox;
  readonly phoneCodes: PgPhoneCodes;
  readonly grievances: PgGrievances;

  constructor(readonly pool: pg.Pool, url: string, now?: () => Date, copyMin?: number) {
    this.location = redactUrl(url);
    this.subscribers = new PgSubscriberRepo(pool, now, copyMin);
    this.programmes = new PgProgrammeRepo(pool, now);
    this.claims = new PgClaimRepo(pool);
    this.codes = new PgCodePool(pool);
    this.console = new PgConsoleStore(pool);
    this.sms = new PgSmsOutbox(pool);
    this.phoneCodes = new PgPhoneCodes(pool);
    this.grievances = new PgGrievances(pool);
  }

  /** Connects (a PgConnectError names the fault: URL, unreachable, password, database), then migrates. */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const pool = await openPool(url, opts);
    try {
      if (opts.migrate !== false) await migrate(pool);
    } catch (e) {
      await pool.end().catch(() => {});
      throw e;
    }
    return new PgStore(pool, url, opts.now, opts.copyMin);
  }

  async setting(key: string): Promise<string | null> {
    return (await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async ensureSetting(key: string, value: string): Promise<string> {
    await this.pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.setting(key))!;
  }

  /** /healthz: false (never a throw) while the database is away; the pool reconnects by itself when it returns. */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Imports already go through COPY (subscribers.ts): nothing to change around them. */
  bulkLoad<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  /** A session lock on a connection of its own, released on the way out (or by the server if this node dies). */
  async alone<T>(fn: () => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock($1)', [START_LOCK]);
      try {
        return await fn();
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [START_LOCK]);
      }
    } finally {
      c.release();
    }
  }

  /** No data folder is shared between nodes: the key lives in the store. First writer wins, so nodes starting at once agree. */
  async demoVendingKey(): Promise<string> {
    return this.ensureSetting('demo_vending_key', randomBytes(8).toString('hex'));
  }

  private line: PgLineStore | null = null;

  sharedLine(): PgLineStore {
    return (this.line ??= new PgLineStore(this.pool));
  }

  private closed = false;

  /** Waits for queries in flight; a second call is a no-op (pg throws on a second end()). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
