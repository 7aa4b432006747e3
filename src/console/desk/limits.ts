/**
 * @module The desk's brakes on what could be abused from inside: SMS sent again (per credit and per agent) and tokens
 * read out (per agent). Counted in memory on the node the agent uses; every use is also in the audit log, which is
 * what an auditor reviews.
 */

export interface Window {
  /** At most `max` in any `windowMs`. */
  max: number;
  windowMs: number;
}

/** A sliding window of stamps per key. */
export class RateLimit {
  private readonly seen = new Map<string, number[]>();
  constructor(private readonly w: Window, private readonly now: () => number) {}

  /** Seconds to wait before the next use, 0 when one is allowed now (nothing counted). */
  wait(key: string): number {
    const t = this.now();
    const kept = (this.seen.get(key) ?? []).filter((s) => t - s < this.w.windowMs);
    this.seen.set(key, kept);
    return kept.length < this.w.max ? 0 : Math.max(1, Math.ceil((kept[0] + this.w.windowMs - t) / 1000));
  }

  add(key: string): void {
    const t = this.now();
    this.seen.set(key, [...(this.seen.get(key) ?? []), t]);
    if (this.seen.size > 10_000) this.sweep(t);
  }

  private sweep(t: number): void {
    for (const [k, v] of this.seen) if (v.every((s) => t - s >= this.w.windowMs)) this.seen.delete(k);
  }
}

export interface DeskLimits {
  /** A credit's SMS: not twice within two minutes, at most three a day. */
  resendSoon: RateLimit;
  resendDaily: RateLimit;
  /** One agent: at most 30 SMS sent again an hour. */
  resendByAgent: RateLimit;
  /** One agent: at most 30 tokens shown an hour. */
  revealByAgent: RateLimit;
}

export function deskLimits(now: () => number = Date.now): DeskLimits {
  return {
    resendSoon: new RateLimit({ max: 1, windowMs: 2 * 60_000 }, now),
    resendDaily: new RateLimit({ max: 3, windowMs: 24 * 3_600_000 }, now),
    resendByAgent: new RateLimit({ max: 30, windowMs: 3_600_000 }, now),
    revealByAgent: new RateLimit({ max: 30, windowMs: 3_600_000 }, now),
  };
}

/** Seconds to wait under the strictest of several limits, each with its key; when 0, the use is counted in all. */
export function takeAll(pairs: readonly [RateLimit, string][]): number {
  const wait = Math.max(...pairs.map(([l, k]) => l.wait(k)));
  if (wait === 0) for (const [l, k] of pairs) l.add(k);
  return wait;
}
