/** @module When the SMPP link is tried again: doubling delays with jitter, so a fleet of senders does not reconnect in step. */
import { nextRestart, type RestartPolicy } from '../../lib/backoff.js';

/** 1 s, 2 s, 4 s ... up to a minute; a link that stayed bound a minute starts over at 1 s. */
export const SMPP_RECONNECT: RestartPolicy = { firstMs: 1000, capMs: 60_000, stableMs: 60_000 };

export interface Reconnect {
  /** 1-based count of reconnections in a row. */
  attempt: number;
  delayMs: number;
}

/**
 * "Equal jitter": between half and all of the doubled delay. Never below half, so the schedule still grows; spread
 * over the other half, so senders cut off by one SMSC restart do not all come back in the same millisecond.
 * `upMs`: how long the link had been bound before it broke, null when it never bound (refused, bind failed).
 */
export function reconnectDelay(previous: number, upMs: number | null, random: () => number, p: RestartPolicy = SMPP_RECONNECT): Reconnect {
  const { attempt, delayMs } = nextRestart(previous, upMs, p);
  const r = Math.min(1, Math.max(0, random()));
  return { attempt, delayMs: Math.round(delayMs * (0.5 + 0.5 * r)) };
}
