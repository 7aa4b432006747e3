/** @module Service rate: how many claims per second the claim path completes while it is busy (smoothed). */
// Completions per second of wall time would measure the arrival rate, not the capacity: at 200 claims/s a server
// able to do 20,000 looks like a 200/s server, and a waiting room paced on that figure spirals down as soon as some
// people abandon their place. So the rate is completions per second *of busy time* (time with at least one claim in
// flight): equal to the throughput when saturated, above it otherwise. Samples are folded into an exponentially
// weighted average with a time constant of a few seconds, so one slow fsync does not swing the ETAs.
// A measurement only happens while claims are served. If the figure is low (start-up: cold JIT, first commits on
// PostgreSQL) and a line forms whose called people never come back (they left, or a load generator that never
// returns with the pass), nothing is served any more, so nothing is measured again: the line would crawl at that low
// rate forever while the claim path sits idle. So while people wait and the claim path is less than half busy over
// half a second (less than half of what the figure says it does), the figure is doubled: an idle claim path with a
// line is the evidence that the line is paced too slowly. It stops as soon as the line drains or the claim path is
// busy. The doubling is a bet, not a measurement: the first sample once the line has drained (the claim path fed
// directly again) replaces the raised figure instead of being averaged into it, so an overshoot does not let more than
// a second of claims in at once for the seconds an average would take to come down.
// No timers: the owner calls update(now) lazily.

const MIN_WINDOW_MS = 250;
const FIRST_WINDOW_MS = 50; // until measured, the planning figure is a guess: replace it as soon as there is data
const MIN_SAMPLE = 16;
const LONG_WINDOW_MS = 2000;
const MAX_RATE = 1e6;
const MIN_RATE = 1;
const PROBE_MS = 500;
const PROBE_BUSY = 0.5;

export class ServiceRate {
  inflight = 0;
  /** Smoothed claims per busy second; null until the first sample. */
  measured: number | null = null;
  /** Times the figure was doubled because a line starved the claim path. */
  probes = 0;
  private busySince = 0;
  private busyMs = 0;
  private busyTotal = 0; // closed busy intervals since construction (the probe's clock)
  private probeStart: number | null = null;
  private probeBusy = 0;
  private probed = false; // the figure was raised, and no sample has been taken since the line drained
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

  /**
   * The pace a line is called at: the service rate; 25% faster while the claim path has little backlog (so a rate
   * measured below capacity can grow instead of holding the line to its own pace), slower as the backlog nears the
   * longest wait, never below a quarter (a paced line never stops). The same for one node's line and a shared one.
   */
  paced(maxWaitS: number): number {
    const mu = this.value;
    const backlog = this.inflight / mu / maxWaitS;
    return mu * Math.min(1.25, Math.max(0.25, 1.5 - backlog));
  }

  started(now: number): void {
    if (this.inflight++ === 0) this.busySince = now;
  }

  finished(now: number): void {
    if (this.inflight === 0) return; // an unmatched finished() must not drive the count negative
    this.done++;
    if (--this.inflight === 0) {
      this.busyMs += now - this.busySince;
      this.busyTotal += now - this.busySince;
    }
  }

  /**
   * `starving`: people wait in a line paced by this figure (not held back by an operator ceiling); the owner knows,
   * this class does not.
   */
  update(now: number, starving = false): void {
    this.sample(now, starving);
    this.probe(now, starving);
  }

  private sample(now: number, starving: boolean): void {
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
    if (this.measured === null || (this.probed && !starving)) this.measured = sample;
    else this.measured += (1 - Math.exp(-span / this.tauMs)) * (sample - this.measured);
    this.measured = Math.max(MIN_RATE, this.measured);
    if (!starving) this.probed = false;
    this.windowStart = now;
    this.busyMs = 0;
    this.done = 0;
    if (this.inflight > 0) {
      this.busyTotal += now - this.busySince;
      this.busySince = now;
    }
  }

  private probe(now: number, starving: boolean): void {
    if (!starving) {
      this.probeStart = null;
      return;
    }
    const busy = this.busyTotal + (this.inflight > 0 ? now - this.busySince : 0);
    if (this.probeStart !== null) {
      const span = now - this.probeStart;
      if (span < PROBE_MS) return;
      // One doubling per window however long it was: a quiet spell (no arrival to call update) is no evidence.
      if (busy - this.probeBusy < span * PROBE_BUSY) {
        this.measured = Math.min(MAX_RATE, this.value * 2);
        this.probes++;
        this.probed = true;
      }
    }
    this.probeStart = now;
    this.probeBusy = busy;
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
