/** @module The line: a ticket counter whose "now calling" frontier is paced by time, holds places, recycles them. */
// The frontier passes tickets in order. Each call spends one token of the operator's ceiling (admitRate, a token
// bucket one burst deep) and one pacing token, earned at the measured service rate. Calling is paced by time, not
// by people coming back: a waiting room that advances only when called people show up stalls as soon as some of
// them have left (the known failure of cloud waiting rooms). A called place is held for its holder until their due
// time (the Retry-After they were given) plus a grace period; then its tokens are given back and call the next
// tickets (recycling), so abandoned places neither stop the line nor let it outrun capacity for long.
// Called places due back within 2 s count as load in the direct-service check, in the proportion of called people who
// lately came back by then: places of people who left (or of a load generator that never returns with the pass) are
// no load, and counting them would keep newcomers queued behind an empty claim path. All lazily advanced from the
// clock: no timers, O(1) amortised per operation.
import { ceilingTokens } from './timing.js';
import { EventRate, type ServiceRate } from './service-rate.js';
import { TicketBook } from './ticket-book.js';

const TICK_MS = 10; // due times are Uint32 in 10 ms units: 497 days of range, finer than any Retry-After
const NEAR_TICKS = 200;
const SHOW_EVENTS = 64; // the return ratio follows the last few dozen called places

export interface LineSettings {
  admitRate: number | null;
  burstS: number;
  maxWaitS: number;
  graceMs: number;
}

export class Line {
  readonly book = new TicketBook();
  frontier = 0; // tickets below it have been called
  pending = 0; // called, unserved, place still held
  near = 0; // called, unserved, due back about now
  expired = 0; // called places that lapsed unused and were recycled
  shows = 1; // of the called places lately due, the part whose holders came back in time (1 until there is data)
  private nearPtr = 0; // called tickets below it are no longer expected imminently
  private op: number; // ceiling tokens; Infinity without a ceiling; below 0 after honouring a lapsed place
  private pace = 0;
  private last: number;
  private since: number; // the previous advance: calls made now are dated no earlier
  private readonly recycled: EventRate;
  private readonly graceTicks: number;

  constructor(
    private readonly s: LineSettings,
    private readonly rate: ServiceRate,
    private readonly base: number,
  ) {
    this.last = this.since = base;
    this.op = this.opCap;
    this.graceTicks = Math.ceil(s.graceMs / TICK_MS);
    this.recycled = new EventRate(base);
  }

  /** A new ceiling: tokens held are kept within it; none means no ceiling at all from now on. */
  setAdmitRate(rate: number | null): void {
    this.s.admitRate = rate;
    this.op = rate === null ? Infinity : Math.min(this.op, this.opCap);
  }

  get waiting(): number {
    return this.book.head - this.frontier;
  }

  /** How fast the frontier moves: the ceiling or the measured service rate, plus recycled places. ETAs use it. */
  get admissionRate(): number {
    return Math.min(this.s.admitRate ?? Infinity, this.rate.value) + this.recycled.value;
  }

  get recycleRate(): number {
    return this.recycled.value;
  }

  ticks(t: number): number {
    return Math.max(0, Math.min(0xffffffff, Math.floor((t - this.base) / TICK_MS)));
  }

  /** Brings tokens, calls and held places up to time t; `open` false before opening (tokens only). */
  advance(t: number, open: boolean): void {
    const dt = t - this.last;
    if (dt > 0) {
      this.since = this.last;
      this.last = t;
      // A line paced by the measured rate (not the ceiling) that starves the claim path raises that rate (service-rate.ts).
      this.rate.update(t, open && this.waiting > 0 && this.rate.value < (this.s.admitRate ?? Infinity));
      this.recycled.update(t);
      if (this.s.admitRate !== null) this.op += (this.s.admitRate * dt) / 1000;
      if (open && this.waiting > 0) this.pace += (this.paceRate() * dt) / 1000;
    }
    if (open) {
      // Call with the tokens earned, let go of overdue places (calls just made are dated back and may be overdue
      // already), then call again with what that freed.
      this.call(t);
      this.sweep(t);
      this.call(t);
    }
    // Capped after calling, not before: tokens earned while no request came in belong to the calls that time
    // would have made. Pacing credit must not pile up while nobody waits, or a later burst would skip the wait check.
    this.op = Math.min(this.opCap, this.op);
    this.pace = this.waiting > 0 ? Math.min(this.paceRate() * this.s.burstS, this.pace) : Math.min(this.pace, 0);
  }

  /** Nobody waiting, a ceiling token, and (in flight + those due back now expected to come) / service rate under the 1 s wait. */
  canServeNow(): boolean {
    return this.waiting === 0 && this.op >= 1 && this.rate.inflight + this.near * this.shows < this.rate.value * this.s.maxWaitS;
  }

  takeDirect(): void {
    this.op -= 1;
  }

  /** A called ticket comes back: served from its held place, honoured late (lapsed, paid from the next token), or a replay. */
  serveCalled(ticket: number): 'queue' | 'late' | 'replay' {
    const b = this.book;
    if (b.isServed(ticket)) return 'replay'; // the claim path answers the same credit; costs the line nothing
    b.settle(ticket, true);
    if (ticket >= b.tail) {
      this.pending--;
      if (ticket >= this.nearPtr) this.near--;
      return 'queue';
    }
    this.op = Math.max(-this.opCap, this.op - 1);
    this.pace -= 1;
    return 'late';
  }

  /** The node opens: the pre-queue was drawn; its places are due at opening; one second of work may be called. */
  opened(at: number): void {
    const due = this.ticks(at);
    for (let k = this.frontier; k < this.book.head; k++) this.book.due[this.book.slot(k)] = due;
    this.pace = this.paceRate() * this.s.burstS;
  }

  private get opCap(): number {
    return ceilingTokens(this.s.admitRate, this.s.burstS);
  }

  private paceRate(): number {
    return this.rate.paced(this.s.maxWaitS);
  }

  private call(t: number): void {
    const b = this.book;
    // A call made late (the first request after a quiet spell) is dated back to when its token came in, so the
    // place is held from its true call time; tokens accrue linearly at the rate of the binding bucket.
    const r = this.op < this.pace ? (this.s.admitRate as number) : this.paceRate();
    let avail = Math.min(this.op, this.pace);
    while (this.frontier < b.head && this.pace >= 1 && this.op >= 1) {
      this.pace -= 1;
      this.op -= 1;
      const at = this.ticks(Math.max(this.since, t - ((avail - 1) * 1000) / r));
      avail -= 1;
      const i = b.slot(this.frontier++);
      if (b.due[i] < at) b.due[i] = at; // held from the later of the call and the holder's due time
      this.pending++;
      this.near++;
    }
  }

  /** Lets go of called places whose holders are overdue: first as expected load, after the grace as held capacity. */
  private sweep(t: number): void {
    const b = this.book;
    const now = this.ticks(t);
    while (this.nearPtr < this.frontier) {
      const served = b.isServed(this.nearPtr);
      if (!served && b.due[b.slot(this.nearPtr)] + NEAR_TICKS > now) break;
      if (!served) this.near--;
      this.shows += ((served ? 1 : 0) - this.shows) / SHOW_EVENTS;
      this.nearPtr++;
    }
    const from = b.tail;
    while (b.tail < this.nearPtr) {
      const k = b.tail;
      if (!b.isServed(k)) {
        if (b.due[b.slot(k)] + this.graceTicks > now) break;
        b.settle(k, false);
        this.pending--;
        this.expired++;
        this.recycled.add();
        this.op += 1; // recycling: the lapsed place's tokens call the next ticket
        this.pace += 1;
      }
      b.tail++;
    }
    if (b.tail !== from) b.maybeShrink();
  }
}
