/** @module The submit rate ceiling: a token bucket with room for a few milliseconds' worth of messages, never a burst. */

export interface TokenBucketOptions {
  ratePerSecond: number;
  /**
   * Seconds' worth of tokens the bucket holds (at least one token). A timer fires a millisecond or two late, and
   * a bucket of exactly one token would lose that time at every message (about 20% of the rate at 200/s); 20 ms
   * worth absorbs it and still lets through no more than ratePerSecond * t + capacity in any t seconds.
   */
  burstSeconds?: number;
  now?: () => number;
}

export class TokenBucket {
  readonly capacity: number;
  private tokens: number;
  private at: number;
  private readonly now: () => number;
  private readonly perMs: number;
  private pausedUntil = 0;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be above 0');
    this.now = opts.now ?? (() => performance.now());
    this.perMs = opts.ratePerSecond / 1000;
    this.capacity = Math.max(1, opts.ratePerSecond * (opts.burstSeconds ?? 0.02));
    this.tokens = this.capacity;
    this.at = this.now();
  }

  /** Milliseconds before `n` messages may go together (0: now); `n` at most the capacity. */
  waitMs(n = 1): number {
    const t = this.now();
    if (t < this.pausedUntil) return this.pausedUntil - t;
    this.refill(t);
    const need = Math.min(n, this.capacity);
    return this.tokens >= need ? 0 : (need - this.tokens) / this.perMs;
  }

  /** Takes a token if one is there; true when the message may go now. */
  take(): boolean {
    if (this.waitMs() > 0) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * No message before `ms` from now (the SMSC said slow down). The bucket restarts empty afterwards, so the pause
   * is not followed by a catch-up burst.
   */
  pause(ms: number): void {
    const t = this.now();
    this.pausedUntil = Math.max(this.pausedUntil, t + ms);
    this.tokens = 0;
    this.at = this.pausedUntil;
  }

  get paused(): boolean {
    return this.now() < this.pausedUntil;
  }

  private refill(t: number): void {
    if (t <= this.at) return;
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.at) * this.perMs);
    this.at = t;
  }
}
