/** @module The console's foundation in one object for the HTTP layer: sign-in, sessions, CSRF, roles, accounts, audit log. */
import type { Store } from '../store/contract.js';
import type { ConsoleStore } from '../store/console-contract.js';
import { AuditLog } from './audit/log.js';
import { AccountManager } from './auth/accounts.js';
import { csrfMatches } from './auth/csrf.js';
import { LOCKOUT, type LockoutPolicy } from './auth/lockout.js';
import { Authenticator } from './auth/login.js';
import { DEFAULT_PARAMS, type ScryptParams } from './auth/password.js';
import { SessionManager, type ActiveSession, type SessionPolicy } from './auth/sessions.js';

export { AUDIT_ACTIONS, AuditRefused, type AuditAction, type AuditEntry } from './audit/entry.js';
export type { AuditVerifyResult } from './audit/verify.js';
export { AccountRefused, type PublicAccount } from './auth/accounts.js';
export type { LoginFailure, LoginMeta, LoginResult } from './auth/login.js';
export { PERMISSIONS, ROLES, can, isRole, permissionsOf, type Permission, type Role } from './auth/roles.js';
export type { ActiveSession, SessionPolicy } from './auth/sessions.js';

/** The cookie CONTRACT §9 names. */
export const SESSION_COOKIE = 'guichet_session';

export interface ConsoleOptions {
  /** One clock for stamps, session ages and lockouts (tests pass their own). */
  now?: () => Date;
  /** Tests only: cheaper scrypt for cases that log in many times. */
  params?: ScryptParams;
  sessions?: Partial<SessionPolicy>;
  lockout?: LockoutPolicy;
  /** Tests only: the password check, to count its calls. */
  verify?: (password: string, stored: string) => Promise<boolean>;
}

export class ConsoleServices {
  readonly audit: AuditLog;
  readonly sessions: SessionManager;
  readonly accounts: AccountManager;
  readonly auth: Authenticator;
  private readonly now: () => Date;
  private readonly lockout: LockoutPolicy;

  constructor(readonly store: ConsoleStore, opts: ConsoleOptions = {}) {
    const now = (this.now = opts.now ?? (() => new Date()));
    const params = opts.params ?? DEFAULT_PARAMS;
    this.lockout = opts.lockout ?? LOCKOUT;
    this.audit = new AuditLog(store.audit, now);
    this.sessions = new SessionManager(store.sessions, { now: () => now().getTime(), policy: opts.sessions });
    this.accounts = new AccountManager(store.accounts, this.audit, { now, params });
    this.auth = new Authenticator(store, this.sessions, this.audit, { now, params, lockout: this.lockout, verify: opts.verify });
  }

  /** Once at start-up, on the store the node opened. */
  static open(store: Store, opts: ConsoleOptions = {}): ConsoleServices {
    return new ConsoleServices(store.console, opts);
  }

  /** The signed-in session a cookie names (or null): what every /console request starts with. */
  session(cookie: string | null | undefined): Promise<ActiveSession | null> {
    return this.sessions.resolve(cookie);
  }

  /** A state-changing request's `csrf` field or `x-csrf-token` header against its session's token. */
  csrfOk(session: ActiveSession, given: string | null | undefined): boolean {
    return csrfMatches(session.csrf, given);
  }

  /** Expired sessions and stale failure counters; returns how many rows went. Any node may run it: the deletes are idempotent. */
  async purge(): Promise<{ sessions: number; failures: number }> {
    const sessions = await this.sessions.purge();
    // A counter older than its window and its lock would start again from one anyway (lockout.ts).
    const failures = await this.store.failures.purge(this.now().getTime() - Math.max(this.lockout.windowMs, this.lockout.lockMs));
    return { sessions, failures };
  }

  /** Runs `purge` every `everyMs` (default 5 minutes) without keeping the process alive; returns the stop. */
  startPurging(everyMs = 5 * 60_000, onError: (e: unknown) => void = () => {}): () => void {
    const timer = setInterval(() => void this.purge().catch(onError), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
