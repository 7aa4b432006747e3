/** @module ETA and Retry-After for a queued answer: honest, whole seconds, spread so a crowd does not return in step. */

/** Retry-After never exceeds this: a page that refreshes at least every 20 s keeps the person's attention. */
export const MAX_RETRY_S = 20;

/** Seconds until the turn of the person at `position`, at `rate` admissions per second; rounded up, at least 1. */
export function etaSeconds(position: number, rate: number): number {
  return Math.max(1, Math.ceil(position / rate));
}

/**
 * Retry-After in whole seconds (HTTP delta-seconds): the ETA with ±10% jitter, at least 1, at most 20.
 * Rounded to the nearest second, not randomly, so a short ETA is not pushed a whole second off (1 s late on a 4 s
 * ETA would already be 25%); the jitter shows from 6 s on, where the crowd's return needs spreading. A long wait is
 * capped at 18-20 s (not exactly 20), so people polling a long line do not come back in lockstep either.
 * `u` is a uniform draw in [0, 1).
 */
export function retryAfter(eta: number, u: number): number {
  const r = Math.round(eta * (0.9 + 0.2 * u));
  if (r > MAX_RETRY_S) return MAX_RETRY_S - Math.floor(u * 3);
  return Math.max(1, r);
}

/** Tokens the operator's ceiling holds at most (a burst of `burstS` seconds of it); none without a ceiling. */
export function ceilingTokens(admitRate: number | null, burstS: number): number {
  return admitRate === null ? Infinity : Math.max(1, admitRate * burstS);
}
