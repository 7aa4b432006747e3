/** @module Doubling back-off with a cap, as a pure schedule: when `guichet cluster` starts a dead node again, when an SMPP link reconnects. */

export interface RestartPolicy {
  /** Delay before the first restart of a node that had been up a while. */
  firstMs: number;
  /** The delay doubles at each restart in a row, up to this. */
  capMs: number;
  /** A node that stayed up this long was healthy: its next death starts the schedule over. */
  stableMs: number;
}

/** 0.5 s, 1 s, 2 s, ... 16 s, then every 30 s; a node up for a minute starts over at 0.5 s. */
export const NODE_RESTART: RestartPolicy = { firstMs: 500, capMs: 30_000, stableMs: 60_000 };

export interface NextRestart {
  /** 1-based count of restarts in a row (without the node staying up `stableMs` in between). */
  attempt: number;
  delayMs: number;
  /** The delay has reached the cap: the node keeps dying soon after it starts; retried at the cap, never faster. */
  crashLoop: boolean;
}

/**
 * The restart after a node stopped. `previous`: the attempt number of the restart that started it (0 for the first
 * start); `upMs`: how long it had been up (answering) before it stopped, null when it died while starting.
 */
export function nextRestart(previous: number, upMs: number | null, p: RestartPolicy = NODE_RESTART): NextRestart {
  const attempt = upMs !== null && upMs >= p.stableMs ? 1 : previous + 1;
  // Doubling stops at the cap; the exponent is bounded so a node dying for days never overflows to Infinity/NaN.
  const delayMs = Math.min(p.capMs, p.firstMs * 2 ** Math.min(attempt - 1, 30));
  return { attempt, delayMs, crashLoop: delayMs >= p.capMs };
}
