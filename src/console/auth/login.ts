/** @module Console sign-in and sign-out: one answer for every failure, one scrypt for every attempt, lockout, audit entries. */
import { randomBytes } from 'node:crypto';
import type { ConsoleStore, FailureState } from '../../store/console-contract.js';
import type { AuditLog } from '../audit/log.js';
import { publicAccount, type PublicAccount } from './accounts.js';
import { validEmail } from './email.js';
import { LOCKOUT, afterFailure, lockedBy, lockedUntil, type LockoutPolicy } from './lockout.js';
import { DEFAULT_PARAMS, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password.js';
import { MAX_LENGTH } from './policy.js';
import type { SessionManager } from './sessions.js';

/** Why a login failed: for the audit log (it is written there) and the server's own logs, never for the answer. */
export type LoginFailure = 'unknown_account' | 'bad_password' | 'locked' | 'disabled';

export type LoginResult =
  | { ok: true; session: string; csrf: string; account: PublicAccount }
  | { ok: false; reason: LoginFailure };

export interface LoginMeta {
  /** The client's address, as the HTTP layer trusts it: written to the audit entry. */
  ip?: string;
  /** The session cookie the browser came with, if any: ended, as every login starts a new session. */
  previousSession?: string;
}

export interface AuthenticatorOptions {
  now?: () => Date;
  params?: ScryptParams;
  lockout?: LockoutPolicy;
  /** The password check (tests count its calls: one per attempt, whatever the case). */
  verify?: (password: string, stored: string) => Promise<boolean>;
}

/** Audit details of a request: its address, when it is one (a header can say anything). */
const origin = (meta: LoginMeta) => (meta.ip && meta.ip.length <= 64 && /^[0-9a-fA-F:.]+$/.test(meta.ip) ? { ip: meta.ip } : {});

export class Authenticator {
  private readonly now: () => Date;
  private readonly params: ScryptParams;
  private readonly lockout: LockoutPolicy;
  private readonly verify: (password: string, stored: string) => Promise<boolean>;
  private dummy: Promise<string> | null = null;

  constructor(private readonly store: ConsoleStore, private readonly sessions: SessionManager, private readonly audit: AuditLog,
    opts: AuthenticatorOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.params = opts.params ?? DEFAULT_PARAMS;
    this.lockout = opts.lockout ?? LOCKOUT;
    this.verify = opts.verify ?? verifyPassword;
  }

  /**
   * A hash of a random password under today's parameters, made once: an unknown email is checked against it, so it
   * costs the same scrypt as a real account. Call at start-up to spare the first login the extra hash.
   */
  warm(): Promise<string> {
    this.dummy ??= hashPassword(randomBytes(18).toString('base64'), this.params);
    return this.dummy;
  }

  /**
   * The one sign-in. Every failure has the same shape and the same work: the account and its counter are read,
   * one scrypt runs (against the account's hash, or the dummy when there is no account), the counter is written
   * and an audit entry appended; so neither the answer nor its time says whether the email has an account, is
   * disabled, is locked or only mistyped its password. While locked even the right password fails.
   */
  async login(rawEmail: string, password: string, meta: LoginMeta = {}): Promise<LoginResult> {
    const at = this.now();
    const now = at.getTime();
    const email = typeof rawEmail === 'string' ? validEmail(rawEmail) : null;
    // Too long to be any password we store: still hashed (a fixed stand-in), as a refusal without one would be quicker.
    const usable = typeof password === 'string' && password.length <= MAX_LENGTH * 4;
    const [account, state] = email ? await Promise.all([this.store.accounts.byEmail(email), this.store.failures.get(email)]) : [null, null];
    const target = account ? account.password_hash : await this.warm();
    const matches = await this.verify(usable ? password : 'x', target);
    const locked = lockedUntil(state, now) !== null;
    const reason: LoginFailure | null = locked ? 'locked' : !account ? 'unknown_account' : account.disabled ? 'disabled'
      : !(matches && usable) ? 'bad_password' : null;

    // reason is null only with an account, and so an email: the two extra tests are for the compiler.
    if (reason !== null || !account || !email) {
      const r = reason ?? 'unknown_account';
      await this.fail(email, r, now, meta);
      return { ok: false, reason: r };
    }
    if (state) await this.store.failures.clear(email);
    if (needsRehash(account.password_hash, this.params)) await this.store.accounts.rehash(account.id, await hashPassword(password, this.params));
    if (meta.previousSession) await this.sessions.end(meta.previousSession);
    const s = await this.sessions.create(account.id);
    await this.store.accounts.recordLogin(account.id, at.toISOString());
    await this.audit.append(email, 'login', origin(meta));
    return { ok: true, session: s.id, csrf: s.csrf, account: publicAccount({ ...account, last_login_at: at.toISOString() }) };
  }

  /** Counts the failure (a valid email only: no account can have an invalid one) and writes it, and the lockout it caused. */
  private async fail(email: string | null, reason: LoginFailure, now: number, meta: LoginMeta): Promise<void> {
    if (email) {
      let prev: FailureState | null = null;
      const next = await this.store.failures.update(email, (p) => afterFailure((prev = p), now, this.lockout));
      if (lockedBy(prev, next, now)) {
        await this.audit.append(email, 'lockout', { failures: next.failures, until: new Date(next.locked_until_ms!).toISOString() });
      }
    }
    // Not the text typed when it is no email: that is often a password typed in the wrong field.
    await this.audit.append(email ?? 'anonymous', 'login_failed', { reason, ...origin(meta) });
  }

  /** Ends the session and writes who left; false (and nothing written) when the cookie named no live session. */
  async logout(sessionId: string, meta: LoginMeta = {}): Promise<boolean> {
    const s = await this.sessions.resolve(sessionId);
    if (!s || !(await this.sessions.end(sessionId))) return false;
    await this.audit.append(s.account.email, 'logout', origin(meta));
    return true;
  }
}
