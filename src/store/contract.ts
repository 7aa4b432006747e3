/** @module The async store contract: what the server, the claim path and the CLI ask of a store, SQLite or PostgreSQL. */
import type { CommitOutcome, CreditRecord, ExportedCredit, HistoryCredit, NewCredit, StoredCredit } from '../domain/credit.js';
import type { Programme } from '../domain/programme.js';
import type { StoredSubscriber, Subscriber } from '../domain/subscriber.js';
import type { JournalEntry } from '../journal/entry.js';
import type { LineStore } from '../admission/index.js';
import type { ConsoleStore } from './console-contract.js';
import type { SmsOutboxStore } from './sms-contract.js';
import type { PhoneCodeStore } from './otp-contract.js';
import type { GrievanceStore } from './grievance-contract.js';
import type { SubscriberSink, UpsertOutcome } from '../registry/sink.js';
import type { SearchHit, SearchOptions } from './search.js';

export type { SearchHit, SearchMatch, SearchOptions } from './search.js';

// Everything returns a promise or an async iterable, even where SQLite could answer at once: one shape for both
// engines, so a caller written against SQLite runs unchanged on PostgreSQL. Large reads are async iterables paged
// by key, never one array, so 400k rows pass through in bounded memory on either engine.

export type Engine = 'sqlite' | 'postgres';

export interface SubscriberStore extends SubscriberSink {
  /** Adds or updates by contract_no, one transaction per batch; a meter owned by another contract is a per-row reject. */
  upsertBatch(rows: readonly Subscriber[]): Promise<UpsertOutcome>;
  count(): Promise<number>;
  /** Every subscriber, in id order. */
  iterateAll(): AsyncIterable<StoredSubscriber>;
  /** Rows added or updated at or after an `updated_at` stamp (`>=`: a row stamped in the same millisecond is not missed); any order. */
  changedSince(stamp: string): AsyncIterable<StoredSubscriber>;
  /** The newest `updated_at` (null when empty): a running node's cheap "did an import change anything?". */
  lastChange(): Promise<string | null>;
  findByMeter(meterNo: string): Promise<StoredSubscriber | undefined>;
  /** Case-insensitive: contract numbers are stored upper-case. */
  findByContract(contractNo: string): Promise<StoredSubscriber | undefined>;
  /** Last STS token id per subscriber, for the STS issuer at start (never reuse a TID). */
  lastTids(): AsyncIterable<{ id: number; last_tid: number }>;
  /**
   * The call-centre desk's search (store/search.ts): a meter, contract or phone number exactly, or a holder's name
   * tolerating accents, case, word order and a slip of spelling; best first, at most `limit` (SEARCH_MAX). A name
   * shared by hundreds is narrowed by the agency the caller depends on.
   */
  search(text: string, limit: number, opts?: SearchOptions): Promise<SearchHit[]>;
  byId(id: number): Promise<StoredSubscriber | undefined>;
}

export interface StoredProgramme {
  programme: Programme;
  /** ISO 8601 UTC; strictly increasing across saves, whichever node saved. */
  loaded_at: string;
}

export interface ProgrammeStore {
  /** Adds or replaces by id; rejects (listing the problems) an invalid programme. */
  save(p: Programme): Promise<void>;
  saveStamped(p: Programme): Promise<string>;
  get(id: string): Promise<Programme | null>;
  /** Most recently loaded first. */
  list(): Promise<Programme[]>;
  /** The programme loaded last: the one in force. */
  latest(): Promise<Programme | null>;
  entries(): Promise<StoredProgramme[]>;
  /** max(loaded_at): what a running node polls to notice a reload. */
  lastLoadedAt(): Promise<string | null>;
}

/** The claim path's only write. */
export interface ClaimWriter {
  /** One durable transaction per batch, journal entries included; outcomes in batch order. */
  commitCredits(batch: NewCredit[]): Promise<CommitOutcome[]>;
}

/** Journal and credits read at one instant (one snapshot), in journal order, for verification. */
export interface JournalView {
  entries(): AsyncIterable<JournalEntry>;
  credits(): AsyncIterable<StoredCredit>;
}

export interface ClaimReader {
  /** Every committed credit, in journal order: the claim service's replay at start. */
  creditsForReplay(): AsyncIterable<CreditRecord>;
  spendByCycle(): Promise<Map<string, number>>;
  journalEntries(): AsyncIterable<JournalEntry>;
  /** Credits in journal order, with the fields the journal vouches for. */
  storedCredits(): AsyncIterable<StoredCredit>;
  /** Runs `fn` over one consistent snapshot of journal and credits (a writer may keep committing meanwhile). */
  readJournal<T>(fn: (view: JournalView) => Promise<T>): Promise<T>;
  /** Credits of one cycle in journal order; postpaid only unless `all`. */
  exportCredits(cycle: string, opts: { all: boolean }): AsyncIterable<ExportedCredit>;
  /** Every credit of one subscriber, under any programme, newest first (the desk's history). */
  creditsOf(subscriberId: number): Promise<HistoryCredit[]>;
  /** Credits and FCFA by programme, cycle, service, metering and the subscriber's agency (dashboard, reconciliation). */
  totals(): Promise<CreditTotal[]>;
  /** The journal's last entry as stored (seq 0 and the genesis hash when empty): read, not verified (`guichet journal verify` does that). */
  journalHead(): Promise<{ seq: number; hash: string }>;
}

export interface CreditTotal {
  programme_id: string;
  cycle: string;
  service: string;
  metering: string;
  agency: string;
  credits: number;
  fcfa: number;
}

export interface ClaimsStore extends ClaimWriter, ClaimReader {}

/** A prepaid code generated in advance by the utility's vending system. */
export interface NewCode {
  meter_no: string;
  cycle: string;
  token: string;
  units_tenths: number;
}

export interface PoolCode extends NewCode {
  id: number;
}

export interface CodePoolStore {
  /** Adds codes in one transaction; a token already in the pool is skipped. Returns how many were added. */
  addCodes(rows: readonly NewCode[], importedAt: string): Promise<number>;
  /** The subset of these meter numbers that are prepaid meters of the registry. */
  prepaidMeters(meterNos: readonly string[]): Promise<Set<string>>;
  /** Codes not yet handed out, in id order. */
  freeCodes(): AsyncIterable<PoolCode>;
}

/** One store, chosen once at start-up (`--data-dir` or `--database-url`). */
export interface Store {
  readonly engine: Engine;
  /** Where it lives, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  readonly subscribers: SubscriberStore;
  readonly programmes: ProgrammeStore;
  readonly claims: ClaimsStore;
  readonly codes: CodePoolStore;
  setting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** The setting's value, set to `value` first if it has none: first writer wins, so nodes starting at once agree. */
  ensureSetting(key: string, value: string): Promise<string>;
  /** True while the store answers (for /healthz); never throws. */
  ping(): Promise<boolean>;
  /** Operator accounts, sessions, failed logins and the audit chain (the console). */
  readonly console: ConsoleStore;
  /** The SMS outbox: a credit's messages are written with it (commitCredits); the dispatcher drains them. */
  readonly sms: SmsOutboxStore;
  /** One-time codes proving a phone before it gets a credit's SMS. */
  readonly phoneCodes: PhoneCodeStore;
  /** Grievances, their notes, and what accepted ones leave behind (exceptions, replacement tokens). */
  readonly grievances: GrievanceStore;
  /** Runs a bulk write (a registry import) with the settings that suit it; each engine knows its own. */
  bulkLoad<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` alone among the nodes on this store: two nodes started at once on an empty database fill it once. */
  alone<T>(fn: () => Promise<T>): Promise<T>;
  /** Demo mode's random STS key, the same for every node on this store (tokens must decode on one virtual meter). */
  demoVendingKey(): Promise<string>;
  /**
   * The node has read at start what it keeps in memory (the registry, the credits): the pages those reads left in the
   * connection's cache are given back (SQLite; PostgreSQL keeps no such cache in the node).
   */
  releaseReadCache?(): void;
  /** The waiting line shared by every node on this store; null where one node serves the store alone (SQLite). */
  sharedLine(): LineStore | null;
  close(): Promise<void>;
}
