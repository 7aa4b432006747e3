/** @module Per-phone limits on inbound SMS: every answer costs the utility an SMS, and a script must not make it send thousands. */

export interface PhoneLimits {
  /** Messages one phone may send at once. */
  burst: number;
  /** Then one more every this many ms. */
  everyMs: number;
}

/** Five at once, then one every two minutes: far above what a person sends, far below what a script would. */
export const SMS_PHONE_LIMITS: PhoneLimits = { burst: 5, everyMs: 120_000 };

export class PhoneLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limits: PhoneLimits = SMS_PHONE_LIMITS, private readonly now: () => number = Date.now) {}

  /** True when this phone may be answered now (and counts it). */
  take(phone: string): boolean {
    const t = this.now();
    const b = this.buckets.get(phone) ?? { tokens: this.limits.burst, at: t };
    b.tokens = Math.min(this.limits.burst, b.tokens + (t - b.at) / this.limits.everyMs);
    b.at = t;
    this.buckets.set(phone, b);
    if (this.buckets.size > 100_000) this.sweep(t);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Phones back to a full bucket are forgotten: the map stays the size of the active senders. */
  private sweep(t: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + (t - b.at) / this.limits.everyMs >= this.limits.burst) this.buckets.delete(k);
  }
}
