/** @module Login lockout: five failed logins of one email within 15 minutes lock it for 15 minutes (pure; the clock is an argument). */
import type { FailureState } from '../../store/console-contract.js';

export interface LockoutPolicy {
  maxFailures: number;
  /** Failures further apart than this from the first of a run are not added up: a typo a day never locks anyone. */
  windowMs: number;
  lockMs: number;
}

export const LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** The instant the lock ends when `email` is locked at `now`, else null. */
export function lockedUntil(s: FailureState | null, now: number): number | null {
  return s?.locked_until_ms != null && now < s.locked_until_ms ? s.locked_until_ms : null;
}

/**
 * The state after one more failure at `now`. While locked nothing changes: an attacker hammering a locked account
 * does not push its lock further out (the owner gets back in 15 minutes after the 5th failure, not after the last).
 * After a lock has run out, or once the window has passed, counting starts again from one.
 */
export function afterFailure(prev: FailureState | null, now: number, p: LockoutPolicy = LOCKOUT): FailureState {
  if (prev && lockedUntil(prev, now) !== null) return prev;
  const fresh = !prev || prev.locked_until_ms != null || now - prev.window_start_ms >= p.windowMs;
  const failures = fresh ? 1 : prev.failures + 1;
  const window_start_ms = fresh ? now : prev.window_start_ms;
  return { failures, window_start_ms, locked_until_ms: failures >= p.maxFailures ? now + p.lockMs : null };
}

/** True when the failure that turned `prev` into `next` is the one that locked the email (for the audit log's `lockout`). */
export function lockedBy(prev: FailureState | null, next: FailureState, now: number): boolean {
  return lockedUntil(next, now) !== null && lockedUntil(prev, now) === null;
}
