/** @module Service rate: how many claims per second the claim path completes while it is busy (smoothed). */
// Completions per second of wall time would measure the arrival rate, not the capacity: at 200 claims/s a server
// able to do 20,000 looks like a 200/s server, and a waiting room paced on that figure spirals down as soon as some
// people abandon their place. So the rate is completions per second *of busy time* (time with at least one claim in
// flight): equal to the throughput when saturated, above it otherwise. Samples are folded into an exponentially
// weighted average with a time constant of a few seconds, so one slow fsync does not swing the ETAs.
// No timers: the owner calls update(now) lazily.

const MIN_WINDOW_MS = 250;
const FIRST_WINDOW_MS = 50; // until measured, the planning figure is a guess: replace it as soon as there is data
const MIN_SAMPLE = 16;
const LONG_WINDOW_MS = 2000;
const MAX_RATE = 1e6;
const MIN_RATE = 1;

export class ServiceRate {
  inflight = 0;
  /** Smoothed claims per busy second; null until the first sample. */
  measured: number | null = null;
  private busySince = 0;
  private busyMs = 0;
  private done = 0;
  private windowStart: number;

  constructor(
    now: number,
    private readonly initial: number,
    private readonly tauMs = 3000,
  ) {
    this.windowStart = now;
  }

  /** The rate to plan with: the measurement, or the operator's guess before there is one. */
  get value(): number {
    return this.measured ?? this.initial;
  }

  started(now: number): void {
    if (this.inflight++ === 0) this.busySince = now;
  }

  finished(now: number): void {
    if (this.inflight === 0) return; // an unmatched finished() must not drive the count negative
    this.done++;
    if (--this.inflight === 0) this.busyMs += now - this.busySince;
  }

  update(now: number): void {
    const span = now - this.windowStart;
    if (span < (this.measured === null ? FIRST_WINDOW_MS : MIN_WINDOW_MS)) return;
    const busy = this.busyMs + (this.inflight > 0 ? now - this.busySince : 0);
    // Enough completions for a steady figure, or a long window: then even zero completions while busy is news.
    if (this.done < MIN_SAMPLE && !(span >= LONG_WINDOW_MS && busy > 0)) {
      if (busy === 0 && this.done === 0) this.windowStart = now; // idle: nothing to learn
      return;
    }
    // Claims that start and finish on the same clock reading (a coarse clock, or a simulation) took no busy time.
    const sample = busy > 0 ? Math.min(MAX_RATE, (this.done * 1000) / busy) : MAX_RATE;
    if (this.measured === null) this.measured = sample;
    else this.measured += (1 - Math.exp(-span / this.tauMs)) * (sample - this.measured);
    this.measured = Math.max(MIN_RATE, this.measured);
    this.windowStart = now;
    this.busyMs = 0;
    this.done = 0;
    if (this.inflight > 0) this.busySince = now;
  }
}

/** Events per second (here: recycled places), averaged over windows of a second with a time constant of 10 s. */
export class EventRate {
  value = 0;
  private count = 0;
  private windowStart: number;

  constructor(now: number) {
    this.windowStart = now;
  }

  add(): void {
    this.count++;
  }

  update(now: number): void {
    const span = now - this.windowStart;
    if (span < 1000) return;
    this.value += (1 - Math.exp(-span / 10_000)) * ((this.count * 1000) / span - this.value);
    this.count = 0;
    this.windowStart = now;
  }
}
