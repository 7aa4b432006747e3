/** @module Server-side console sessions: random ids kept only as hashes, 30 minutes idle, 12 hours at most, a CSRF token each. */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecord, SessionStore } from '../../store/console-contract.js';
import { publicAccount, type PublicAccount } from './accounts.js';
import { newCsrfToken } from './csrf.js';

export interface SessionPolicy {
  /** Sliding: a session unused this long is over. */
  idleMs: number;
  /** From sign-in, however busy: an operator signs in again at least once a shift. */
  absoluteMs: number;
  /**
   * The last-seen stamp is written at most this often, not on every request (a page load is a dozen requests, and
   * every node would write the same row). The cost: a session may end up to this much before idleMs of true idleness.
   */
  touchEveryMs: number;
}

export const SESSIONS: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000, touchEveryMs: 60_000 };

/** 128 bits from the CSPRNG in base64url: 22 characters, the cookie's whole value. */
const ID_BYTES = 16;
const ID_FORMAT = /^[A-Za-z0-9_-]{22}$/;

/** What the store keys a session by: a leaked table gives hashes, and no cookie hashes to them but the real one. */
export function sessionIdHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

export interface ActiveSession {
  account: PublicAccount;
  csrf: string;
  created_ms: number;
  /** When it ends if unused from now on: the earlier of the idle and the absolute limit. */
  expires_ms: number;
}

export class SessionManager {
  private readonly now: () => number;
  readonly policy: SessionPolicy;

  constructor(private readonly store: SessionStore, opts: { now?: () => number; policy?: Partial<SessionPolicy> } = {}) {
    this.now = opts.now ?? Date.now;
    this.policy = { ...SESSIONS, ...opts.policy };
  }

  /** A new session, new id and new CSRF token, for an account that just proved its password. */
  async create(accountId: number): Promise<{ id: string; csrf: string; record: SessionRecord }> {
    const id = randomBytes(ID_BYTES).toString('base64url');
    const now = this.now();
    const record: SessionRecord = { id_hash: sessionIdHash(id), account_id: accountId, csrf: newCsrfToken(), created_ms: now, seen_ms: now };
    await this.store.create(record);
    return { id, csrf: record.csrf, record };
  }

  /**
   * The session a cookie names, or null: unknown, idle too long, too old, or its account disabled (an expired one is
   * deleted on the way). A malformed id never reaches the store.
   */
  async resolve(id: string | null | undefined): Promise<ActiveSession | null> {
    if (typeof id !== 'string' || !ID_FORMAT.test(id)) return null;
    const hash = sessionIdHash(id);
    const found = await this.store.find(hash);
    if (!found) return null;
    const { session: s, account } = found;
    const now = this.now();
    const { idleMs, absoluteMs, touchEveryMs } = this.policy;
    if (account.disabled || now - s.seen_ms >= idleMs || now - s.created_ms >= absoluteMs) {
      await this.store.delete(hash);
      return null;
    }
    let seen = s.seen_ms;
    if (now - seen >= touchEveryMs) {
      await this.store.touch(hash, now);
      seen = now;
    }
    return { account: publicAccount(account), csrf: s.csrf, created_ms: s.created_ms, expires_ms: Math.min(seen + idleMs, s.created_ms + absoluteMs) };
  }

  /** Logout. False when there was no such session (already over, or never was). */
  async end(id: string): Promise<boolean> {
    if (!ID_FORMAT.test(id)) return false;
    return this.store.delete(sessionIdHash(id));
  }

  /** Deletes every session past its idle or absolute limit; returns how many. */
  purge(): Promise<number> {
    const now = this.now();
    return this.store.purge(now - this.policy.idleMs, now - this.policy.absoluteMs);
  }
}
