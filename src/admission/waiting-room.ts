/** @module Waiting room: serve at once while the wait is short, otherwise a fair, honest, self-recycling line. */
// The model, in one paragraph. A newcomer is served at once when nobody waits ahead, the operator's ceiling has a
// token for them, and the expected wait (claims in flight + people called and due back now) / service rate is
// under 1 s. Otherwise they take the next ticket. A "now calling" counter (the frontier) passes tickets in order at
// the admission rate: each call spends a token of the ceiling's bucket and a token of a pacing bucket filled at the
// measured service rate. It is paced by time, not by people coming back, so abandoned places never stop the line;
// a called place is held for its holder until their Retry-After plus a grace period, then its tokens are given back
// and call the next tickets (recycling), so abandonment cannot stall the line nor let it outrun capacity. A called
// holder who comes back is served, even late, while the pass is valid. No timers: every call advances the state
// from the injected clock; everything is O(1) amortised (see ticket-book.ts for the memory side).
import { PassCodec, type PassClaims, type PassReason } from './pass.js';
import { ServiceRate } from './service-rate.js';
import { TicketBook } from './ticket-book.js';
import { etaSeconds, retryAfter } from './timing.js';
import { checkOptions, type AdmissionStats, type WaitingRoomOptions } from './options.js';

export type Admission =
  | { kind: 'admit'; ticket: number | null; pass_rejected?: PassReason }
  | { kind: 'queued'; position: number; eta_s: number; retry_after_s: number; pass: string; prequeue: boolean; pass_rejected?: PassReason }
  | { kind: 'closed'; pass_rejected?: PassReason };

const PREQUEUE = 0;
const OPEN = 1;
const CLOSED = 2;
const TICK_MS = 10; // due times are stored as Uint32 in 10 ms units: 497 days of range, finer than any Retry-After
const NEAR_TICKS = 200; // a called person is expected within 2 s of their due time; after that, not as load
const ADMIT: Admission = Object.freeze({ kind: 'admit', ticket: null }); // the fast path allocates nothing
const SHUT: Admission = Object.freeze({ kind: 'closed' });

export class WaitingRoom {
  readonly epoch: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly codec: PassCodec;
  private readonly book = new TicketBook();
  private readonly rate: ServiceRate;
  private readonly admitRate: number | null;
  private readonly ttlMs: number;
  private readonly burstS: number;
  private readonly maxWaitS: number;
  private readonly graceTicks: number;
  private readonly opensAt: number;
  private readonly closesAt: number;
  private readonly base: number;
  private phase = OPEN;
  private last: number;
  private op: number; // ceiling tokens (Infinity without a ceiling); may dip below 0 when a lapsed place is honoured
  private pace = 0; // pacing tokens for calls, filled at the service rate only while people wait
  private frontier = 0; // tickets below it have been called
  private nearPtr = 0; // called tickets below it are no longer expected imminently
  private near = 0; // called, unserved, expected now: counted as load by the direct-service check
  private pending = 0; // called, unserved, place still held
  private perm: Uint32Array | null = null; // pre-queue number -> line ticket, drawn at opening
  private readonly n = { direct: 0, fromQueue: 0, late: 0, replays: 0, expired: 0, passOk: 0 };
  private readonly rejected: Record<PassReason, number> = { malformed: 0, forged: 0, foreign: 0, expired: 0, stale: 0 };

  constructor(o: WaitingRoomOptions) {
    checkOptions(o);
    this.now = o.now;
    this.random = o.random;
    this.codec = new PassCodec(o.secret);
    this.admitRate = o.admitRate;
    this.ttlMs = o.passTtlMs ?? 15 * 60_000;
    this.burstS = o.burstSeconds ?? 1;
    this.maxWaitS = o.maxWaitSeconds ?? 1;
    this.graceTicks = Math.ceil((o.graceMs ?? 30_000) / TICK_MS);
    this.base = this.last = o.now();
    this.rate = new ServiceRate(this.base, o.initialRate ?? 1000);
    this.opensAt = o.opening?.opensAt ?? -Infinity;
    this.closesAt = o.opening?.closesAt ?? Infinity;
    this.epoch = Math.floor(o.random() * 0x1_0000_0000) >>> 0;
    this.op = this.opCap;
    if (this.base < this.opensAt) this.phase = PREQUEUE;
  }

  /** One arrival of a claim for `key` (normalised, e.g. "meter:14123456789"), with the pass it carries, if any. */
  arrive(key: string, pass: string | null): Admission {
    const t = this.now();
    this.advance(t);
    const b = this.book;
    let rejected: PassReason | undefined;
    let ticket = -1;
    let tag: Buffer | null = null;
    if (pass !== null) {
      tag = this.codec.keyTag(key);
      const v = this.codec.verify(pass, tag, t);
      if (typeof v === 'string') rejected = v;
      else if ((ticket = this.ticketOf(v)) < 0) rejected = 'stale';
      if (rejected === undefined) this.n.passOk++;
      else this.rejected[rejected]++;
    }
    if (ticket < 0) {
      if (this.phase === OPEN && this.frontier === b.head && this.canServeNow()) {
        this.op -= 1;
        this.n.direct++;
        return rejected === undefined ? ADMIT : { kind: 'admit', ticket: null, pass_rejected: rejected };
      }
      tag ??= this.codec.keyTag(key);
      const lo = tag.readUInt32LE(0);
      const hi = tag.readUInt32LE(4);
      ticket = b.find(lo, hi); // back without the pass (USSD, SMS): same place, never a second one
      if (ticket < 0) {
        if (this.phase === CLOSED) return rejected === undefined ? SHUT : { kind: 'closed', pass_rejected: rejected };
        ticket = b.push(lo, hi, this.ticks(t));
        if (this.phase === OPEN) this.call(t); // first in line with tokens to spare: called at once
      }
    }
    const tg = tag as Buffer;
    if (this.phase === PREQUEUE) return this.preQueued(ticket, tg, t, rejected);
    if (ticket < this.frontier) return this.admitCalled(ticket, rejected);
    return this.queued(ticket, tg, t, rejected);
  }

  /** The claim path calls this when it starts serving an admitted claim... */
  started(): void {
    this.rate.started(this.now());
  }

  /** ...and this when the claim is answered, whatever the outcome (in a finally): the pair measures the service rate. */
  finished(): void {
    this.rate.finished(this.now());
  }

  /** Advances the line without an arrival (optional: every call does it; useful before reading stats on a quiet node). */
  tick(): void {
    this.advance(this.now());
  }

  stats(): AdmissionStats {
    this.tick();
    const n = this.n;
    const r = this.rejected;
    return {
      phase: this.phase === PREQUEUE ? 'prequeue' : this.phase === OPEN ? 'open' : 'closed',
      waiting: this.book.head - this.frontier,
      calling: this.pending,
      inflight: this.rate.inflight,
      tickets_issued: this.book.head,
      served_direct: n.direct,
      served_from_queue: n.fromQueue,
      served_late: n.late,
      replays: n.replays,
      expired: n.expired,
      rate_measured: this.rate.measured,
      rate_admitted: this.admissionRate(),
      admit_rate: this.admitRate,
      passes_ok: n.passOk,
      forged_passes: r.forged + r.malformed,
      pass_rejected: { ...r },
      memory_bytes: this.book.bytes + (this.perm?.byteLength ?? 0),
    };
  }

  private get opCap(): number {
    return this.admitRate === null ? Infinity : Math.max(1, this.admitRate * this.burstS);
  }

  /** Rate the frontier can keep: the ceiling, or what the claim path measurably sustains. ETAs use it. */
  private admissionRate(): number {
    return Math.min(this.admitRate ?? Infinity, this.rate.value);
  }

  /**
   * Calls are paced at the service rate, 25% faster while the claim path has little backlog (so a rate measured
   * below capacity can grow, instead of the line being held to its own pace) and slower as the backlog nears the
   * 1 s wait (down to a quarter: a line that is paced never stops).
   */
  private paceRate(): number {
    const mu = this.rate.value;
    const backlog = this.rate.inflight / mu / this.maxWaitS;
    return mu * Math.min(1.25, Math.max(0.25, 1.5 - backlog));
  }

  private canServeNow(): boolean {
    return this.op >= 1 && this.rate.inflight + this.near < this.rate.value * this.maxWaitS;
  }

  private ticks(t: number): number {
    return Math.max(0, Math.min(0xffffffff, Math.floor((t - this.base) / TICK_MS)));
  }

  private advance(t: number): void {
    if (this.phase === PREQUEUE && t >= this.opensAt) this.open();
    if (this.phase === OPEN && t >= this.closesAt) this.phase = CLOSED;
    const waiting = this.frontier < this.book.head && this.phase !== PREQUEUE;
    const dt = t - this.last;
    if (dt > 0) {
      this.last = t;
      this.rate.update(t);
      if (this.admitRate !== null) this.op += (this.admitRate * dt) / 1000;
      if (waiting) this.pace += (this.paceRate() * dt) / 1000;
    }
    if (this.phase !== PREQUEUE) {
      this.sweep(t);
      this.call(t);
    }
    // Buckets are capped after calling, not before: tokens earned while no request came in belong to the calls
    // that time would have made, or a quiet second would cost the line a second of capacity.
    this.op = Math.min(this.opCap, this.op);
    // Pacing credit must not pile up while nobody waits, or it would later let a burst bypass the wait check.
    this.pace = this.frontier < this.book.head ? Math.min(this.paceRate() * this.burstS, this.pace) : Math.min(this.pace, 0);
  }

  /** Lets go of called places whose holders are overdue: first as expected load, after the grace as held capacity. */
  private sweep(t: number): void {
    const b = this.book;
    const now = this.ticks(t);
    while (this.nearPtr < this.frontier) {
      const served = b.isServed(this.nearPtr);
      if (!served && b.due[b.slot(this.nearPtr)] + NEAR_TICKS > now) break;
      if (!served) this.near--;
      this.nearPtr++;
    }
    const from = b.tail;
    while (b.tail < this.nearPtr) {
      const k = b.tail;
      if (!b.isServed(k)) {
        if (b.due[b.slot(k)] + this.graceTicks > now) break;
        b.settle(k, false);
        this.pending--;
        this.n.expired++;
        this.op += 1; // recycling: the lapsed place's tokens call the next ticket (capped after calling)
        this.pace += 1;
      }
      b.tail++;
    }
    if (b.tail !== from) b.maybeShrink();
  }

  private call(t: number): void {
    const b = this.book;
    const now = this.ticks(t);
    while (this.frontier < b.head && this.pace >= 1 && this.op >= 1) {
      this.pace -= 1;
      this.op -= 1;
      const i = b.slot(this.frontier++);
      if (b.due[i] < now) b.due[i] = now; // the place is held from the later of the call and the holder's due time
      this.pending++;
      this.near++;
    }
  }

  /** Line ticket of a verified pass, or -1 if it belongs to another room or numbering. */
  private ticketOf(v: PassClaims): number {
    if (v.epoch !== this.epoch) return -1;
    if (this.phase === PREQUEUE) return v.pre && v.ticket < this.book.head ? v.ticket : -1;
    if (v.pre) return this.perm !== null && v.ticket < this.perm.length ? this.perm[v.ticket] : -1;
    return v.ticket < this.book.head ? v.ticket : -1;
  }

  private admitCalled(ticket: number, rejected: PassReason | undefined): Admission {
    const b = this.book;
    if (b.isServed(ticket)) this.n.replays++; // a used pass again: the claim path replays the same credit
    else if (ticket >= b.tail) {
      b.settle(ticket, true);
      this.pending--;
      if (ticket >= this.nearPtr) this.near--;
      this.n.fromQueue++;
    } else {
      // Lapsed and already recycled, yet the pass is valid: honoured, and paid for with the next tokens.
      b.settle(ticket, true);
      this.op = Math.max(-this.opCap, this.op - 1);
      this.pace -= 1;
      this.n.late++;
    }
    return rejected === undefined ? { kind: 'admit', ticket } : { kind: 'admit', ticket, pass_rejected: rejected };
  }

  private queued(ticket: number, tag: Buffer, t: number, rejected: PassReason | undefined): Admission {
    const position = ticket - this.frontier + 1;
    const eta = etaSeconds(position, this.admissionRate());
    const retry = retryAfter(eta, this.random());
    const b = this.book;
    b.due[b.slot(ticket)] = this.ticks(t + retry * 1000);
    const pass = this.issue(false, ticket, tag, t, eta);
    return { kind: 'queued', position, eta_s: eta, retry_after_s: retry, pass, prequeue: false, ...(rejected && { pass_rejected: rejected }) };
  }

  /** Before opening the place is not known yet: position = people registered so far; come back at opening. */
  private preQueued(ticket: number, tag: Buffer, t: number, rejected: PassReason | undefined): Admission {
    const registered = this.book.head;
    const untilOpen = (this.opensAt - t) / 1000;
    const eta = Math.max(1, Math.ceil(untilOpen + (registered + 1) / 2 / this.admissionRate()));
    const retry = retryAfter(Math.max(1, Math.ceil(untilOpen)), this.random());
    const pass = this.issue(true, ticket, tag, t, eta);
    return { kind: 'queued', position: registered, eta_s: eta, retry_after_s: retry, pass, prequeue: true, ...(rejected && { pass_rejected: rejected }) };
  }

  /** Each answer renews the pass: it lasts the TTL beyond the ETA, so a long line never outlives its passes. */
  private issue(pre: boolean, ticket: number, tag: Buffer, t: number, eta: number): string {
    return this.codec.issue({ pre, epoch: this.epoch, ticket, iat: t / 1000, exp: (t + eta * 1000 + this.ttlMs) / 1000 }, tag);
  }

  /** Opening: the pre-queue is drawn into a random order (Fisher-Yates, injected RNG), ahead of all later arrivals. */
  private open(): void {
    const n = this.book.head;
    const perm = new Uint32Array(n);
    for (let k = 0; k < n; k++) perm[k] = k;
    for (let k = n - 1; k > 0; k--) {
      const j = Math.floor(this.random() * (k + 1));
      const x = perm[k];
      perm[k] = perm[j];
      perm[j] = x;
    }
    this.book.permute(0, perm);
    const at = this.ticks(this.opensAt);
    for (let k = 0; k < n; k++) this.book.due[this.book.slot(k)] = at;
    this.perm = perm;
    this.phase = OPEN;
    this.pace = this.paceRate() * this.burstS; // the node was idle: one second of work may be called at once
  }
}
