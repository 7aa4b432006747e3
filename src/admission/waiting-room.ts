/** @module Waiting room: serve at once while the wait is short, otherwise a fair, honest line, with passes. */
// A newcomer is served at once when nobody waits ahead, the operator's ceiling has a token for them and the expected
// wait (claims in flight + called people due back now) / service rate is under 1 s. Otherwise they take the next
// ticket and get a 202: position, an ETA from the rate the line moves at, a Retry-After near it, and a pass. Whoever
// comes back once the frontier has passed their ticket is served, even late, while the pass is valid (line.ts paces
// the frontier and recycles abandoned places). Coming back without the pass (USSD, SMS, a lost form field) finds
// the same place through a keyed tag of the key; a forged, altered, foreign, expired or stale pass only makes its
// bearer a newcomer, never an error. Before opening, arrivals register in a pre-queue drawn into random order at
// opening. Clock, secret and randomness are injected; no timers: each call advances the state from the clock.
import { Line } from './line.js';
import { checkAdmitRate, checkOptions, type AdmissionStats, type WaitingRoomOptions } from './options.js';
import { PassCodec, type KeyTag, type PassClaims, type PassReason } from './pass.js';
import { ServiceRate } from './service-rate.js';
import { etaSeconds, retryAfter } from './timing.js';
import type { Admission, Room } from './room.js';

export type { Admission } from './room.js';

type Phase = AdmissionStats['phase'];
const ADMIT: Admission = Object.freeze({ kind: 'admit', ticket: null }); // the fast path allocates nothing
const SHUT: Admission = Object.freeze({ kind: 'closed' });

export class WaitingRoom implements Room {
  /** Numbering of this room's tickets, in every pass: a restart or another node starts afresh, old passes are stale. */
  readonly epoch: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly codec: PassCodec;
  private readonly rate: ServiceRate;
  private readonly line: Line;
  private readonly ttlMs: number;
  private admitRate: number | null;
  private readonly opensAt: number;
  private readonly closesAt: number;
  private phase: Phase = 'open';
  private perm: Uint32Array | null = null; // pre-queue number -> line ticket, drawn at opening
  private readonly n = { direct: 0, queue: 0, late: 0, replay: 0, passOk: 0 };
  private readonly rejected: Record<PassReason, number> = { malformed: 0, forged: 0, foreign: 0, expired: 0, stale: 0 };

  constructor(o: WaitingRoomOptions) {
    checkOptions(o);
    this.now = o.now;
    this.random = o.random;
    this.codec = new PassCodec(o.secret);
    this.ttlMs = o.passTtlMs ?? 15 * 60_000;
    this.admitRate = o.admitRate;
    const base = o.now();
    this.rate = new ServiceRate(base, o.initialRate ?? 1000);
    const settings = { admitRate: o.admitRate, burstS: o.burstSeconds ?? 1, maxWaitS: o.maxWaitSeconds ?? 1, graceMs: o.graceMs ?? 10_000 };
    this.line = new Line(settings, this.rate, base);
    this.opensAt = o.opening?.opensAt ?? -Infinity;
    this.closesAt = o.opening?.closesAt ?? Infinity;
    this.epoch = Math.floor(o.random() * 0x1_0000_0000) >>> 0;
    if (base < this.opensAt) this.phase = 'prequeue';
  }

  /** One arrival of a claim for `key` (normalised, e.g. "meter:14123456789"), with the pass it carries, if any. */
  arrive(key: string, pass: string | null): Admission {
    const t = this.now();
    this.advance(t);
    const line = this.line;
    let rejected: PassReason | undefined;
    let ticket = -1;
    let tag: KeyTag | null = null;
    let held: PassClaims | null = null;
    if (pass !== null) {
      tag = this.codec.keyTag(key);
      const v = this.codec.verify(pass, tag, t);
      if (typeof v === 'string') rejected = v;
      else if ((ticket = this.ticketOf(v)) < 0) rejected = 'stale';
      else held = v;
      if (rejected === undefined) this.n.passOk++;
      else this.rejected[rejected]++;
    }
    if (ticket < 0) {
      // Fast path: nobody waiting and no called place outstanding (which might be this person's, back without the
      // pass: then their held place is used, not a second token).
      if (this.phase === 'open' && line.pending === 0 && line.canServeNow()) return this.direct(rejected);
      tag ??= this.codec.keyTag(key);
      ticket = line.book.find(tag.lo, tag.hi); // the same place again, never a second one
      if (ticket < 0) {
        if (this.phase === 'open' && line.canServeNow()) return this.direct(rejected);
        if (this.phase === 'closed') return rejected === undefined ? SHUT : { kind: 'closed', pass_rejected: rejected };
        ticket = line.book.push(tag.lo, tag.hi, line.ticks(t));
        this.advance(t); // first in line with tokens to spare: called at once
      }
    }
    const tg = tag as KeyTag;
    if (this.phase === 'prequeue') return this.preQueued(ticket, tg, t, rejected);
    if (ticket < line.frontier) {
      this.n[line.serveCalled(ticket)]++;
      return rejected === undefined ? { kind: 'admit', ticket } : { kind: 'admit', ticket, pass_rejected: rejected };
    }
    // A valid line pass is offered back: if it still has half its TTL beyond the new ETA, no new one is signed.
    return this.queued(ticket, tg, t, rejected, held !== null && !held.pre ? (pass as string) : null, held?.exp ?? 0);
  }

  /** The claim path calls this when it starts serving an admitted claim... */
  started(): void {
    this.rate.started(this.now());
  }

  /** ...and this once the claim is answered, whatever the answer (in a finally): together they measure the service rate. */
  finished(): void {
    this.rate.finished(this.now());
  }

  /** The operator's ceiling, changed while the room runs (a console setting every node picks up). */
  setAdmitRate(rate: number | null): void {
    checkAdmitRate(rate);
    this.advance(this.now());
    this.admitRate = rate;
    this.line.setAdmitRate(rate);
  }

  /** Advances the line without an arrival (optional: every call does it; handy before reading stats on a quiet node). */
  tick(): void {
    this.advance(this.now());
  }

  stats(): AdmissionStats {
    this.tick();
    const { n, rejected: r, line } = this;
    return {
      phase: this.phase,
      waiting: line.waiting,
      calling: line.pending,
      inflight: this.rate.inflight,
      tickets_issued: line.book.head,
      served_direct: n.direct,
      served_from_queue: n.queue,
      served_late: n.late,
      replays: n.replay,
      expired: line.expired,
      rate_measured: this.rate.measured,
      rate_admitted: line.admissionRate,
      rate_recycled: line.recycleRate,
      admit_rate: this.admitRate,
      passes_ok: n.passOk,
      forged_passes: r.forged + r.malformed,
      pass_rejected: { ...r },
      memory_bytes: line.book.bytes + (this.perm?.byteLength ?? 0),
    };
  }

  private advance(t: number): void {
    if (this.phase === 'prequeue' && t >= this.opensAt) this.open();
    if (this.phase === 'open' && t >= this.closesAt) this.phase = 'closed';
    this.line.advance(t, this.phase !== 'prequeue'); // after closing, the people in line are still called
  }

  private direct(rejected: PassReason | undefined): Admission {
    this.line.takeDirect();
    this.n.direct++;
    return rejected === undefined ? ADMIT : { kind: 'admit', ticket: null, pass_rejected: rejected };
  }

  /** Line ticket of a verified pass, or -1 if it belongs to another room or numbering. */
  private ticketOf(v: PassClaims): number {
    if (v.epoch !== this.epoch) return -1;
    const head = this.line.book.head;
    if (this.phase === 'prequeue') return v.pre && v.ticket < head ? v.ticket : -1;
    if (v.pre) return this.perm !== null && v.ticket < this.perm.length ? this.perm[v.ticket] : -1;
    return v.ticket < head ? v.ticket : -1;
  }

  private queued(ticket: number, tag: KeyTag, t: number, rejected: PassReason | undefined, held: string | null, heldExp: number): Admission {
    const line = this.line;
    const position = ticket - line.frontier + 1;
    const eta = etaSeconds(position, line.admissionRate);
    const retry = retryAfter(eta, this.random());
    line.book.due[line.book.slot(ticket)] = line.ticks(t + retry * 1000); // the place is held from then
    const fresh = held !== null && heldExp * 1000 >= t + eta * 1000 + this.ttlMs / 2;
    const pass = fresh ? (held as string) : this.issue(false, ticket, tag, t, eta);
    return { kind: 'queued', position, eta_s: eta, retry_after_s: retry, pass, prequeue: false, ...(rejected && { pass_rejected: rejected }) };
  }

  /** Before opening the place is not drawn yet: position = people registered so far; come back at opening. */
  private preQueued(ticket: number, tag: KeyTag, t: number, rejected: PassReason | undefined): Admission {
    const registered = this.line.book.head;
    const untilOpen = (this.opensAt - t) / 1000;
    const eta = Math.max(1, Math.ceil(untilOpen + (registered + 1) / 2 / this.line.admissionRate));
    const retry = retryAfter(Math.max(1, Math.ceil(untilOpen)), this.random());
    const pass = this.issue(true, ticket, tag, t, eta);
    return { kind: 'queued', position: registered, eta_s: eta, retry_after_s: retry, pass, prequeue: true, ...(rejected && { pass_rejected: rejected }) };
  }

  /** Each answer renews the pass, valid for the TTL beyond the ETA: a long line never outlives its passes. */
  private issue(pre: boolean, ticket: number, tag: KeyTag, t: number, eta: number): string {
    return this.codec.issue({ pre, epoch: this.epoch, ticket, iat: t / 1000, exp: (t + eta * 1000 + this.ttlMs) / 1000 }, tag);
  }

  /** Opening: the pre-queue is drawn into random order (Fisher-Yates, injected RNG), ahead of every later arrival. */
  private open(): void {
    const n = this.line.book.head;
    const perm = new Uint32Array(n);
    for (let k = 0; k < n; k++) perm[k] = k;
    for (let k = n - 1; k > 0; k--) {
      const j = Math.floor(this.random() * (k + 1));
      const x = perm[k];
      perm[k] = perm[j];
      perm[j] = x;
    }
    this.line.book.permute(0, perm);
    this.perm = perm;
    this.phase = 'open';
    this.line.opened(this.opensAt);
  }
}
