/** @module The console's store contract: operator accounts, their sessions, failed-login counters and the audit chain, on either engine. */
import type { Role } from '../domain/operator.js';

// Like the rest of the store: promises everywhere, one shape for SQLite and PostgreSQL. Several nodes share one
// PostgreSQL, so anything a node must see of another's work (a session, a lockout, the audit head) lives here and
// not in memory. Account times are ISO 8601 text like every stamp of the store; session and lockout times are
// milliseconds since the epoch, as they are only ever compared and subtracted.

export interface Account {
  id: number;
  /** Normalised (trimmed, lower-case): the account's key. */
  email: string;
  role: Role;
  /** `scrypt$N$r$p$salt$key`: never leaves the server. */
  password_hash: string;
  disabled: boolean;
  created_at: string;
  password_changed_at: string;
  last_login_at: string | null;
}

export interface NewAccount {
  email: string;
  role: Role;
  password_hash: string;
  /** Also the first password_changed_at. */
  created_at: string;
}

export interface AccountStore {
  /** Null when an account already has this email. */
  add(a: NewAccount): Promise<Account | null>;
  byEmail(email: string): Promise<Account | null>;
  /** Every account, by email. */
  list(): Promise<Account[]>;
  /** Disables the account and ends its sessions in one transaction; null when there is no such account, else how many sessions ended. */
  disable(email: string): Promise<number | null>;
  /** A new password: hash and stamp replaced and every session ended, in one transaction; null when no such account. */
  setPassword(email: string, passwordHash: string, at: string): Promise<number | null>;
  /** The same password under stronger parameters (at login): sessions stay, the stamp too. */
  rehash(id: number, passwordHash: string): Promise<void>;
  recordLogin(id: number, at: string): Promise<void>;
}

export interface SessionRecord {
  /** SHA-256 (hex) of the session id: the id itself is only in the operator's cookie. */
  id_hash: string;
  account_id: number;
  /** The session's CSRF synchronizer token, handed back to the page with the session. */
  csrf: string;
  created_ms: number;
  /** Last request seen, refreshed at most once a minute (sessions.ts). */
  seen_ms: number;
}

export interface SessionStore {
  create(s: SessionRecord): Promise<void>;
  /** The session with its account as it is now (a disabled account shows at once, on every node). */
  find(idHash: string): Promise<{ session: SessionRecord; account: Account } | null>;
  /** Moves seen_ms forward only: two nodes refreshing at once never move it back. */
  touch(idHash: string, seenMs: number): Promise<void>;
  /** False when there was no such session. */
  delete(idHash: string): Promise<boolean>;
  /** Deletes sessions last seen before `idleBefore` or created before `createdBefore`; returns how many. */
  purge(idleBefore: number, createdBefore: number): Promise<number>;
}

/** Failed logins of one normalised email (an account or not): what lockout.ts decides on. */
export interface FailureState {
  failures: number;
  window_start_ms: number;
  locked_until_ms: number | null;
}

export interface LoginFailureStore {
  get(email: string): Promise<FailureState | null>;
  /**
   * Read-modify-write under the row's lock: `next` gets the stored state (null when none) and returns the new one.
   * Two nodes failing the same email at once count two failures, never one.
   */
  update(email: string, next: (prev: FailureState | null) => FailureState): Promise<FailureState>;
  clear(email: string): Promise<void>;
  /** Forgets counters whose window started before `before` and whose lock, if any, ended before it. */
  purge(before: number): Promise<number>;
}

/** One audit entry as stored: the same shape and hash rule as the issuance journal. */
export interface AuditRow {
  seq: number;
  prev_hash: string;
  hash: string;
  body: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

/** Head and entries read at one instant: an append committed meanwhile is in neither. */
export interface AuditChainView {
  head: AuditHead;
  /** Every stored entry, in seq order, paged (bounded memory). */
  rows(): AsyncIterable<AuditRow>;
}

export interface AuditStore {
  /**
   * Appends one entry at the head, under the chain lock (one order across nodes): `body` gets the entry's seq and
   * returns its text; the store chains it (`chainHash(prev, body)`), moves the head and returns the stored row.
   */
  append(body: (seq: number) => string): Promise<AuditRow>;
  /** The newest entries first. */
  latest(limit: number): Promise<AuditRow[]>;
  readChain<T>(fn: (view: AuditChainView) => Promise<T>): Promise<T>;
}

/** What an agent wrote down about a subscriber (a call, a promise made): kept beside the registry, shown in the history. */
export interface Note {
  id: number;
  subscriber_id: number;
  /** The account's email. */
  author: string;
  body: string;
  created_at: string;
}

export interface NoteStore {
  add(n: Omit<Note, 'id'>): Promise<Note>;
  /** Newest first. */
  forSubscriber(subscriberId: number, limit: number): Promise<Note[]>;
}

export interface ConsoleStore {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly failures: LoginFailureStore;
  readonly audit: AuditStore;
  readonly notes: NoteStore;
}
