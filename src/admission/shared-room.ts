/** @module Waiting room shared by the nodes of one deployment through the store: one line, one frontier, one secret. */
// Same answers as the in-memory room (waiting-room.ts), with the line kept in the store (store/postgres/room.ts):
// - Each node serves from a cached view of the line, kept in step by line-sync.ts (one statement every 100 ms). So
//   the fast path (nobody waits, this node has capacity) and every return with a pass (called: served; not yet: new
//   position and ETA) are answered from memory, without a round trip, as on one node.
// - Only an arrival that has to wait, or come back without its pass, costs a round trip: it takes its ticket from the
//   store (a sequence: first come, first served across the deployment), or finds the one its key already holds.
// - Passes are signed with the secret and epoch the store keeps, so any node honours any node's pass, still after
//   every node restarted.
// - The price of the cache: a node sees another node's newcomers up to one sync late, and the frontier moves in steps
//   of one sync, a tenth of a second against waits counted in seconds. Between syncs a node counts as called the
//   tickets the line's pace will have called by its next sync (lineEmpty): otherwise, under a steady stream of
//   arrivals, a line of a few tickets may never empty with the claim path idle.
// - As on one node (service-rate.ts), a line that leaves this node's claim path idle raises this node's rate.
// - While the store cannot be reached, the view goes stale and every arrival is refused with a store fault (503 on
//   the claim path), never answered from a line that no longer moves.
// - Before opening, arrivals register (a round trip each); past the opening one node has the store draw them into
//   random order, and each node opens when its view shows that draw; a pre-queue pass finds its drawn place by tag.
// - About once a minute a node prunes the places served or lapsed long ago (line-pruner.ts).
import { checkAdmitRate, checkSharedOptions, type AdmissionStats, type SharedRoomOptions } from './options.js';
export type { SharedRoomOptions };
import { PassCodec, type KeyTag, type PassClaims, type PassReason } from './pass.js';
import type { Admission, Room } from './room.js';
import { LineUnavailable, type LineJoin, type LineView } from './shared-line.js';
import { ServiceRate } from './service-rate.js';
import { LinePruner } from './line-pruner.js';
import { LineSync } from './line-sync.js';
import { KnownPlaces } from './places.js';
import { ceilingTokens, etaSeconds, retryAfter } from './timing.js';

type Phase = AdmissionStats['phase'];
const ADMIT: Admission = Object.freeze({ kind: 'admit', ticket: null });
const SHUT: Admission = Object.freeze({ kind: 'closed' });
const MAX_RATE = 1e9; // "no ceiling", as a number a database column takes

export class SharedWaitingRoom implements Room {
  readonly epoch: number;
  private readonly o: SharedRoomOptions;
  private readonly codec: PassCodec;
  private readonly rate: ServiceRate;
  private readonly ttlMs: number;
  private readonly maxWaitS: number;
  private readonly burstS: number;
  private readonly graceMs: number;
  private readonly opensAt: number;
  private readonly closesAt: number;
  private readonly line: LineSync;
  private op: number; // this node's ceiling tokens (Infinity without one)
  private last: number;
  private readonly places = new KnownPlaces();
  private readonly pruner: LinePruner;
  private readonly n = { direct: 0, queue: 0, replay: 0, passOk: 0, joins: 0 };
  private readonly rejected: Record<PassReason, number> = { malformed: 0, forged: 0, foreign: 0, expired: 0, stale: 0 };

  constructor(o: SharedRoomOptions) {
    checkSharedOptions(o);
    this.o = { ...o }; // a copy: setAdmitRate changes the ceiling, never the caller's object
    this.epoch = o.epoch >>> 0;
    this.codec = new PassCodec(o.secret);
    this.ttlMs = o.passTtlMs ?? 15 * 60_000;
    this.maxWaitS = o.maxWaitSeconds ?? 1;
    this.burstS = o.burstSeconds ?? 1;
    this.graceMs = o.graceMs ?? 10_000;
    this.pruner = new LinePruner(o.store, 2 * this.ttlMs, o.pruneMs);
    this.opensAt = o.opening?.opensAt ?? -Infinity;
    this.closesAt = o.opening?.closesAt ?? Infinity;
    this.last = o.now();
    this.rate = new ServiceRate(this.last, o.initialRate ?? 1000);
    this.op = this.opCap;
    this.line = new LineSync({
      store: o.store, node: o.node, epoch: this.epoch, now: o.now, syncMs: o.syncMs, staleMs: o.staleMs, graceMs: this.graceMs,
      opensAt: this.opensAt, onSyncFault: o.onSyncFault,
      report: (t) => this.ownRates(this.advance(t)),
      onSynced: (redrawn) => {
        if (redrawn) this.places.redrawn();
        this.places.forget(this.view.frontier);
      },
    });
  }

  private get view(): LineView {
    return this.line.view;
  }

  /** First sync (the view must be real before the first claim), then one every syncMs until stop(). */
  async start(): Promise<void> {
    await this.line.start();
    this.pruner.start();
  }

  async stop(): Promise<void> {
    await this.pruner.stop();
    await this.line.stop();
  }

  /** One sync now (tests, and the timer): never throws; a failure leaves the view to go stale. */
  sync(): Promise<void> {
    return this.line.sync();
  }

  /** One pruning round now (tests; the pruner's timer runs one a minute): rows are kept twice the pass TTL past their due time, as a pass still valid may ask for its place until about its due time plus the TTL. */
  prune(): Promise<void> {
    return this.pruner.prune();
  }

  arrive(key: string, pass: string | null): Admission | Promise<Admission> {
    const t = this.o.now();
    if (!this.line.fresh(t)) return Promise.reject(new LineUnavailable(this.line.lastError));
    const phase = this.advance(t);
    const v = this.view;
    let rejected: PassReason | undefined;
    let ticket = -1;
    let tag: KeyTag | null = null;
    let held: PassClaims | null = null;
    let drawn = false;
    if (pass !== null) {
      tag = this.codec.keyTag(key);
      const c = this.codec.verify(pass, tag, t);
      // Only the store's epoch is checked, not ticket < head: a place another node gave a moment ago may be past
      // this node's view of the head, and a pass with our signature names a real place.
      if (typeof c === 'string') rejected = c;
      else if (c.epoch !== this.epoch) rejected = 'stale';
      else if (!c.pre) (ticket = c.ticket), (held = c);
      else if (phase === 'prequeue') ticket = c.ticket;
      // A pre-queue pass after opening names the registration, not the drawn place: the store finds that by key tag.
      else drawn = true;
      if (rejected === undefined) this.n.passOk++;
      else this.rejected[rejected]++;
    }
    if (ticket < 0) {
      // Fast path, from memory: nobody waits anywhere (as of the last sync, less those the pace calls before the next
      // one) and this node has capacity now. Someone called and back without the pass while nobody waits is served
      // here too, from a fresh token (their held place lapses and is recycled): finding them first would put a round
      // trip on the fast path.
      if (phase === 'open' && this.lineEmpty(t) && this.canServeNow()) return this.direct(rejected);
      tag ??= this.codec.keyTag(key);
      ticket = this.places.ticketOf(tag);
      if (ticket < 0) return this.join(tag, t, phase, rejected, drawn);
    }
    return this.answer(ticket, tag as KeyTag, t, phase, rejected, held !== null ? (pass as string) : null, held?.exp ?? 0);
  }

  started(): void {
    this.rate.started(this.o.now());
  }

  finished(): void {
    this.rate.finished(this.o.now());
  }

  stats(): AdmissionStats & { sync_ok: boolean; synced_ms_ago: number; nodes: number; joins: number; pruned: number; prune_errors: number } {
    const t = this.o.now();
    const phase = this.advance(t);
    const { n, rejected: r, view: v } = this;
    return {
      phase,
      waiting: Math.max(0, v.head - v.frontier),
      calling: v.pending,
      inflight: this.rate.inflight,
      tickets_issued: v.head,
      served_direct: n.direct,
      served_from_queue: n.queue,
      served_late: this.line.late,
      replays: n.replay,
      expired: v.expired,
      rate_measured: this.rate.measured,
      rate_admitted: this.lineRate(),
      rate_recycled: v.recycleRate,
      admit_rate: this.o.admitRate,
      passes_ok: n.passOk,
      forged_passes: r.forged + r.malformed,
      pass_rejected: { ...r },
      memory_bytes: this.places.bytes,
      sync_ok: this.line.lastError === null && this.line.fresh(t),
      synced_ms_ago: Math.round(t - this.line.syncedAt),
      nodes: v.nodes,
      joins: n.joins,
      pruned: this.pruner.pruned,
      prune_errors: this.pruner.errors,
    };
  }

  /** The one round trip: a ticket from the store (or the place this key already holds), then the usual answer. */
  private async join(tag: KeyTag, t: number, phase: Phase, rejected: PassReason | undefined, drawn: boolean): Promise<Admission> {
    const v = this.view;
    // Due back about when the place should be reached; the answer below records the exact Retry-After at next sync.
    const guess = retryAfter(etaSeconds(v.head - v.frontier + 1, this.lineRate()), 0.5) * 1000;
    let j: LineJoin;
    try {
      j = await this.o.store.join(tag, guess, { insert: phase !== 'closed', pre: phase === 'prequeue', latest: drawn });
    } catch (e) {
      throw new LineUnavailable(e);
    }
    this.n.joins++;
    if (j.ticket < 0) return rejected === undefined ? SHUT : { kind: 'closed', pass_rejected: rejected };
    this.line.learn(j);
    this.places.learn(tag, j.ticket);
    const t1 = this.o.now();
    return this.answer(j.ticket, tag, t1, this.advance(t1), rejected, null, 0);
  }

  private answer(ticket: number, tag: KeyTag, t: number, phase: Phase, rejected: PassReason | undefined, heldPass: string | null, heldExp: number): Admission {
    const v = this.view;
    if (phase === 'prequeue') return this.preQueued(ticket, tag, t, rejected);
    if (ticket < v.frontier) {
      if (!this.places.serve(ticket)) this.n.replay++;
      else {
        this.line.served1(ticket);
        this.n.queue++;
        this.op = Math.max(-this.opCap, this.op - 1); // this node serves it: its own ceiling counts it
      }
      return rejected === undefined ? { kind: 'admit', ticket } : { kind: 'admit', ticket, pass_rejected: rejected };
    }
    const position = ticket - v.frontier + 1;
    const rate = this.lineRate();
    const eta = etaSeconds(position, rate);
    const retry = retryAfter(eta, this.o.random());
    this.line.due(ticket, t + retry * 1000); // the place is held from then
    // A pass still good for half its TTL beyond the new ETA is offered back instead of signing a new one.
    const fresh = heldPass !== null && heldExp * 1000 >= t + eta * 1000 + this.ttlMs / 2;
    const out = fresh
      ? (heldPass as string)
      : this.codec.issue({ pre: false, epoch: this.epoch, ticket, iat: t / 1000, exp: (t + eta * 1000 + this.ttlMs) / 1000 }, tag);
    return { kind: 'queued', position, eta_s: eta, retry_after_s: retry, pass: out, prequeue: false, ...(rejected && { pass_rejected: rejected }) };
  }

  /** Before opening the place is not drawn yet: position = people registered so far; come back at opening. */
  private preQueued(ticket: number, tag: KeyTag, t: number, rejected: PassReason | undefined): Admission {
    const registered = Math.max(1, this.view.head - this.view.frontier);
    const untilOpen = Math.max(0, (this.opensAt - t) / 1000);
    const eta = Math.max(1, Math.ceil(untilOpen + (registered + 1) / 2 / this.lineRate()));
    const retry = retryAfter(Math.max(1, Math.ceil(untilOpen)), this.o.random());
    const pass = this.codec.issue({ pre: true, epoch: this.epoch, ticket, iat: t / 1000, exp: (t + eta * 1000 + this.ttlMs) / 1000 }, tag);
    return { kind: 'queued', position: registered, eta_s: eta, retry_after_s: retry, pass, prequeue: true, ...(rejected && { pass_rejected: rejected }) };
  }

  private direct(rejected: PassReason | undefined): Admission {
    this.op -= 1;
    this.n.direct++;
    return rejected === undefined ? ADMIT : { kind: 'admit', ticket: null, pass_rejected: rejected };
  }

  /**
   * Nobody waits whom the line will not have called by this node's next sync: the frontier of the last sync plus what
   * the deployment's pace calls in the time since (at most one sync interval's worth, so a stale view projects nothing
   * further).
   */
  private lineEmpty(t: number): boolean {
    const v = this.view;
    const since = Math.min(Math.max(0, t - this.line.syncedAt), this.o.syncMs ?? 100);
    return v.head <= v.frontier + (v.pace * since) / 1000;
  }

  setAdmitRate(rate: number | null): void {
    this.advance(this.o.now());
    this.op = (this.o.admitRate = checkAdmitRate(rate)) === null ? Infinity : Math.min(this.op, this.opCap);
  }

  /** This node: a ceiling token, and its claims in flight under a second of its measured rate. */
  private canServeNow(): boolean {
    return this.op >= 1 && this.rate.inflight < this.rate.value * this.maxWaitS;
  }

  /** The deployment's rate (every live node's report, this one's included) plus recycled places: ETAs use it. */
  private lineRate(): number {
    return Math.max(1, this.view.rate + this.view.recycleRate);
  }

  /** What this node reports: ceiling and measured rate, paced like the in-memory line (line.ts paceRate). */
  private ownRates(phase: Phase): { pace: number; rate: number } {
    const ceiling = this.o.admitRate ?? MAX_RATE;
    const paced = this.rate.paced(this.maxWaitS);
    const mu = this.rate.value;
    // Before opening (and its draw) nothing is called: the line holds still.
    return { pace: phase === 'prequeue' ? 0 : Math.min(ceiling, paced), rate: Math.min(ceiling, mu) };
  }

  private get opCap(): number {
    return ceilingTokens(this.o.admitRate, this.burstS);
  }

  private advance(t: number): Phase {
    const dt = t - this.last;
    if (dt > 0) {
      this.last = t;
      // People wait, paced by this node's measured rate rather than its ceiling: an idle claim path raises the rate.
      const starving = this.phase(t) !== 'prequeue' && !this.lineEmpty(t) && this.rate.value < (this.o.admitRate ?? Infinity);
      this.rate.update(t, starving);
      if (this.o.admitRate !== null) this.op = Math.min(this.opCap, this.op + (this.o.admitRate * dt) / 1000);
    }
    return this.phase(t);
  }

  private phase(t: number): Phase {
    // Open once the opening instant has passed and this node has seen the store draw the pre-queue for it.
    if (t < this.opensAt || (this.opensAt > -Infinity && this.view.drawnFor !== this.opensAt)) return 'prequeue';
    return t >= this.closesAt ? 'closed' : 'open';
  }
}
