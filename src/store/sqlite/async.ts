/** @module The embedded store behind the async store contract: thin wrappers over the SQLite repositories. */
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type { ExportedCredit, CommitOutcome, CreditRecord, HistoryCredit, NewCredit } from '../../domain/credit.js';
import Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../journal/entry.js';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Programme } from '../../domain/programme.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { UpsertOutcome } from '../../registry/sink.js';
import type { ClaimsStore, CodePoolStore, CreditTotal, JournalView, NewCode, PoolCode, ProgrammeStore, Store, StoredProgramme, SubscriberStore } from '../contract.js';
import { SqliteClaimRepo } from './claims.js';
import type { SqliteDb } from './open.js';
import { SqliteProgrammeRepo } from './programmes.js';
import { SqliteStore } from './store.js';
import { fromRow, SqliteSubscriberRepo, type Row } from './subscribers.js';
import { SqliteSubscriberSearch } from './search.js';
import { SEARCH_MAX, type SearchHit, type SearchOptions } from '../search.js';
import type { SqliteWriter } from './writer.js';
import { SqliteConsoleStore } from './console.js';
import type { Checkpointer } from './checkpointer.js';
import type { ConsoleStore } from '../console-contract.js';
import type { SmsOutboxStore } from '../sms-contract.js';
import { SqliteSmsOutbox } from './sms-outbox.js';
import { SqlitePhoneCodes } from './otp.js';
import type { PhoneCodeStore } from '../otp-contract.js';
import type { GrievanceStore } from '../grievance-contract.js';
import { SqliteGrievances } from './grievances.js';

const PAGE = 5000;
const SUBSCRIBER_COLS = `id, contract_no, meter_no, service, metering, tariff, power_kw, avg_monthly_use, category, holder_name,
  agency, district, phone, sts_iin, sts_sgc, sts_ti, sts_krn, sts_kt, sts_base_date`;

/**
 * Keyset pages, each read whole with `.all()`. The repositories' `.iterate()` would keep the connection busy across
 * the caller's awaits, and any other statement on it in between would throw "connection is busy".
 */
async function* pagedBy<T>(db: SqliteDb, sql: string, key: keyof T & string, args: unknown[] = []): AsyncGenerator<T> {
  const stmt = db.prepare(sql);
  let after = -1;
  for (;;) {
    const rows = stmt.all(...args, after, PAGE) as T[];
    if (rows.length === 0) return;
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1][key] as number;
  }
}

/** Keyset pages of raw rows (arrays), turned into objects here: half the cost of better-sqlite3's named rows on 400k at start. */
async function* pagedRaw<T>(db: SqliteDb, sql: string, of: (r: Row) => T): AsyncGenerator<T> {
  const stmt = db.prepare(sql).raw();
  let after = -1;
  for (;;) {
    const rows = stmt.all(after, PAGE) as Row[];
    if (rows.length === 0) return;
    for (const r of rows) yield of(r);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1][0];
  }
}

async function* fromSync<T>(rows: Iterable<T>): AsyncGenerator<T> {
  yield* rows;
}

class Subscribers implements SubscriberStore {
  private readonly repo: SqliteSubscriberRepo;
  readonly searcher: SqliteSubscriberSearch;
  constructor(private readonly db: SqliteDb, now?: () => Date) {
    this.repo = new SqliteSubscriberRepo(db, now);
    this.searcher = new SqliteSubscriberSearch(db);
  }
  async search(text: string, limit: number, opts: SearchOptions = {}): Promise<SearchHit[]> {
    return this.searcher.search(text, Math.max(1, Math.min(SEARCH_MAX, limit)), opts.agency ?? null);
  }
  async byId(id: number): Promise<StoredSubscriber | undefined> {
    const r = this.db.prepare(`SELECT ${SUBSCRIBER_COLS} FROM subscribers WHERE id = ?`).raw().get(id) as Row | undefined;
    return r === undefined ? undefined : fromRow(r);
  }
  async upsertBatch(rows: readonly Subscriber[]): Promise<UpsertOutcome> { return this.repo.upsertBatch(rows); }
  async count(): Promise<number> { return this.repo.count(); }
  iterateAll(): AsyncIterable<StoredSubscriber> {
    // The column order is the one fromRow reads (id first).
    return pagedRaw(this.db, `SELECT ${SUBSCRIBER_COLS} FROM subscribers WHERE id > ? ORDER BY id LIMIT ?`, fromRow);
  }
  changedSince(stamp: string): AsyncIterable<StoredSubscriber> { return fromSync(this.repo.changedSince(stamp)); }
  async lastChange(): Promise<string | null> {
    return (this.db.prepare('SELECT max(updated_at) FROM subscribers').pluck().get() as string | null) ?? null;
  }
  async findByMeter(meterNo: string): Promise<StoredSubscriber | undefined> { return this.repo.findByMeter(meterNo); }
  async findByContract(contractNo: string): Promise<StoredSubscriber | undefined> { return this.repo.findByContract(contractNo); }
  lastTids(): AsyncIterable<{ id: number; last_tid: number }> {
    return pagedBy(this.db, 'SELECT id, last_tid FROM subscribers WHERE last_tid IS NOT NULL AND id > ? ORDER BY id LIMIT ?', 'id');
  }
}

class Programmes implements ProgrammeStore {
  private readonly repo: SqliteProgrammeRepo;
  constructor(private readonly db: SqliteDb, now?: () => Date) {
    this.repo = new SqliteProgrammeRepo(db, now);
  }
  async save(p: Programme): Promise<void> { this.repo.save(p); }
  async saveStamped(p: Programme): Promise<string> { return this.repo.saveStamped(p); }
  async get(id: string): Promise<Programme | null> { return this.repo.get(id); }
  async list(): Promise<Programme[]> { return this.repo.list(); }
  async latest(): Promise<Programme | null> { return this.repo.latest(); }
  async entries(): Promise<StoredProgramme[]> { return this.repo.entries(); }
  async lastLoadedAt(): Promise<string | null> {
    return (this.db.prepare('SELECT max(loaded_at) FROM programmes').pluck().get() as string | null) ?? null;
  }
}

class Claims implements ClaimsStore {
  private readonly repo: SqliteClaimRepo;
  constructor(private readonly db: SqliteDb, private readonly path: string, private readonly writer: SqliteWriter | null) {
    this.repo = new SqliteClaimRepo(db);
  }
  async commitCredits(batch: NewCredit[]): Promise<CommitOutcome[]> {
    return this.writer ? this.writer.commit(batch) : this.repo.commitCredits(batch);
  }
  creditsForReplay(): AsyncIterable<CreditRecord> {
    return pagedBy(this.db, `SELECT claim_id, subscriber_id, programme_id, cycle, service, metering, fcfa, units_tenths, unit, token,
      issued_at, journal_seq FROM credits WHERE journal_seq > ? ORDER BY journal_seq LIMIT ?`, 'journal_seq');
  }
  async spendByCycle(): Promise<Map<string, number>> { return this.repo.spendByCycle(); }
  journalEntries() { return fromSync(this.repo.journalEntries()); }
  storedCredits() { return fromSync(this.repo.storedCredits()); }

  /**
   * A read transaction on a connection of its own: in WAL mode it sees one snapshot for as long as it is open, while
   * the writer keeps committing, and nothing the caller does on the main connection meanwhile can join it.
   */
  async readJournal<T>(fn: (view: JournalView) => Promise<T>): Promise<T> {
    if (this.path === ':memory:') return fn({ entries: () => this.journalEntries(), credits: () => this.storedCredits() });
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    try {
      db.exec('BEGIN');
      const repo = new SqliteClaimRepo(db);
      return await fn({ entries: () => fromSync(repo.journalEntries()), credits: () => fromSync(repo.storedCredits()) });
    } finally {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    }
  }

  exportCredits(cycle: string, opts: { all: boolean }): AsyncIterable<ExportedCredit> {
    return pagedBy(this.db, `SELECT claim_id, contract_no, meter_no, service, metering, programme_id, cycle, fcfa, units_tenths,
      unit, channel, issued_at, journal_seq, 
      (SELECT g.ticket FROM grievances g WHERE g.remedy_credit_id = credits.id AND g.category = 'not_credited' AND g.decision = 'accepted' ORDER BY g.id LIMIT 1) AS billing_grievance FROM credits WHERE cycle = ? ${opts.all ? '' : "AND metering = 'postpaid'"}
      AND journal_seq > ? ORDER BY journal_seq LIMIT ?`, 'journal_seq', [cycle]);
  }

  async creditsOf(subscriberId: number): Promise<HistoryCredit[]> {
    return this.db.prepare(`SELECT id, claim_id, journal_seq, contract_no, meter_no, programme_id, cycle, service, metering, fcfa, units_tenths,
      unit, token, issuer, channel, phone, issued_at FROM credits WHERE subscriber_id = ? ORDER BY journal_seq DESC`).all(subscriberId) as HistoryCredit[];
  }

  async journalHead(): Promise<{ seq: number; hash: string }> {
    const r = this.db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    return r ?? { seq: 0, hash: GENESIS_HASH };
  }

  async totals(): Promise<CreditTotal[]> {
    return this.db.prepare(`SELECT c.programme_id, c.cycle, c.service, c.metering, s.agency, count(*) AS credits, sum(c.fcfa) AS fcfa
      FROM credits c JOIN subscribers s ON s.id = c.subscriber_id GROUP BY c.programme_id, c.cycle, c.service, c.metering, s.agency
      ORDER BY c.programme_id, c.cycle, s.agency, c.service, c.metering`).all() as CreditTotal[];
  }
}

class Codes implements CodePoolStore {
  constructor(private readonly db: SqliteDb) {}
  async addCodes(rows: readonly NewCode[], importedAt: string): Promise<number> {
    const insert = this.db.prepare(`INSERT INTO code_pool (meter_no, cycle, token, units_tenths, imported_at)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT (token) DO NOTHING`);
    return this.db.transaction(() => {
      let added = 0;
      for (const r of rows) added += insert.run(r.meter_no, r.cycle, r.token, r.units_tenths, importedAt).changes;
      return added;
    }).immediate();
  }
  async prepaidMeters(meterNos: readonly string[]): Promise<Set<string>> {
    const known = this.db.prepare("SELECT 1 FROM subscribers WHERE meter_no = ? AND metering = 'prepaid'").pluck();
    return new Set(meterNos.filter((m) => known.get(m) === 1));
  }
  freeCodes(): AsyncIterable<PoolCode> {
    return pagedBy(this.db, `SELECT id, meter_no, cycle, token, units_tenths FROM code_pool
      WHERE credit_id IS NULL AND id > ? ORDER BY id LIMIT ?`, 'id');
  }
}

export interface SqliteAsyncOptions {
  /** Commit through this writer thread (the server); without, commits run on the main connection (CLI, tests). */
  writer?: SqliteWriter;
  /** The checkpoint thread of a serving node; without, SQLite checkpoints inside commits as usual. */
  checkpointer?: Checkpointer;
  /** Clock for updated_at and loaded_at stamps (tests). */
  now?: () => Date;
}

export class SqliteAsyncStore implements Store {
  readonly engine = 'sqlite' as const;
  readonly location: string;
  readonly subscribers: SubscriberStore;
  readonly programmes: ProgrammeStore;
  readonly claims: ClaimsStore;
  readonly codes: CodePoolStore;
  readonly console: ConsoleStore;
  readonly sms: SmsOutboxStore;
  readonly phoneCodes: PhoneCodeStore;
  readonly grievances: GrievanceStore;
  private readonly subs: Subscribers;

  constructor(readonly sqlite: SqliteStore, private readonly opts: SqliteAsyncOptions = {}) {
    this.location = sqlite.path;
    this.subscribers = this.subs = new Subscribers(sqlite.db, opts.now);
    this.programmes = new Programmes(sqlite.db, opts.now);
    this.claims = new Claims(sqlite.db, sqlite.path, opts.writer ?? null);
    this.codes = new Codes(sqlite.db);
    this.console = new SqliteConsoleStore(sqlite.db, sqlite.path);
    this.phoneCodes = new SqlitePhoneCodes(sqlite.db);
    this.grievances = new SqliteGrievances(sqlite.db);
    this.sms = new SqliteSmsOutbox(sqlite.db, opts.writer ?? null, opts.now ? () => opts.now!().getTime() : Date.now, opts.checkpointer ?? null);
  }

  static open(path: string, opts: SqliteAsyncOptions = {}): SqliteAsyncStore {
    return new SqliteAsyncStore(SqliteStore.open(path), opts);
  }

  async setting(key: string): Promise<string | null> { return this.sqlite.setting(key); }
  async setSetting(key: string, value: string): Promise<void> { this.sqlite.setSetting(key, value); }
  /** The file answers and, in a node, its writer thread still runs (no claim can commit without it). */
  async ping(): Promise<boolean> { return this.opts.writer?.alive !== false && this.sqlite.ping(); }
  /** Measured after the 2020 registry's load: the main connection's cache then holds 64 MiB the claim path never reads. */
  releaseReadCache(): void { this.sqlite.db.pragma('shrink_memory'); }
  async ensureSetting(key: string, value: string): Promise<string> {
    this.sqlite.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, value);
    return this.sqlite.setting(key)!;
  }
  /**
   * This connection is the command's own, so relaxing it cannot weaken a server's claims: with synchronous=NORMAL a
   * power cut may lose the last batches, which importing the file again restores; the larger checkpoint interval
   * stops SQLite copying the same index pages back after every batch.
   */
  async bulkLoad<T>(fn: () => Promise<T>): Promise<T> {
    const db = this.sqlite.db;
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 10000');
    try {
      const out = await fn();
      // The name index, once for the whole import (search.ts): the desk finds the new names at once.
      this.subs.searcher.refresh();
      return out;
    } finally {
      db.pragma('synchronous = FULL');
      db.pragma('wal_autocheckpoint = 1000');
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }

  /** One node per file: nobody to wait for. */
  alone<T>(fn: () => Promise<T>): Promise<T> { return fn(); }
  sharedLine(): null { return null; }

  /** Kept beside the store file (not in it), as it always was: tokens stay consistent across restarts. Never logged. */
  async demoVendingKey(): Promise<string> {
    if (this.sqlite.path === ':memory:') return this.settingOrDraw('demo_vending_key');
    const f = join(dirname(this.sqlite.path), 'demo-vending-key');
    if (existsSync(f)) return readFileSync(f, 'utf8').trim();
    const k = randomBytes(8).toString('hex');
    writeFileSync(f, k + '\n', { mode: 0o600 });
    return k;
  }

  private async settingOrDraw(key: string): Promise<string> {
    const known = this.sqlite.setting(key);
    if (known !== null) return known;
    const k = randomBytes(8).toString('hex');
    this.sqlite.setSetting(key, k);
    return k;
  }

  /** Stops the writer thread first (its last commits land), then closes the file. */
  async close(): Promise<void> {
    await this.opts.writer?.close();
    await this.opts.checkpointer?.close();
    this.sqlite.close();
  }
}
