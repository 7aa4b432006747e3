/** @module Ticket book: the waiting line's per-ticket state in typed arrays, with an index from key tag to ticket. */
// Hundreds of thousands of people may wait at once, so a ticket is no object: it is a slot in a ring of three
// Uint32Arrays (due time, key tag low and high words: 12 bytes), one bit in a served bitset, and one Uint32 slot in an
// open-addressing index (kept at most half full). Tickets are consecutive integers; the ring holds the live ones,
// [tail, head): tickets behind tail are settled (served, or called and expired). Every operation is O(1) amortised:
// the arrays double when full and halve when an emptied line leaves them mostly unused, so memory follows the crowd.
// The index lets a subscriber who comes back without the pass (USSD, SMS, a lost form field) keep the same place,
// and stops repeated arrivals from drawing several places (in the pre-queue lottery that would be an advantage).

const EMPTY = 0xffffffff;
const MIN_RING = 1024;
const MIN_INDEX = 2048;

export class TicketBook {
  /** First live ticket; tickets below it are settled. */
  tail = 0;
  /** Next ticket number to hand out. */
  head = 0;
  private mask = MIN_RING - 1;
  /** Per ticket: when its holder is due back (waiting) or its place lapses from (called), in 10 ms units. */
  due = new Uint32Array(MIN_RING);
  private tagLo = new Uint32Array(MIN_RING);
  private tagHi = new Uint32Array(MIN_RING);
  private served = new Uint8Array(MIN_RING >> 3);
  private slots = new Uint32Array(MIN_INDEX).fill(EMPTY);
  private slotMask = MIN_INDEX - 1;
  private indexed = 0;

  get live(): number {
    return this.head - this.tail;
  }

  /** Bytes held by the typed arrays (the whole cost of the line). */
  get bytes(): number {
    return this.due.byteLength * 3 + this.served.byteLength + this.slots.byteLength;
  }

  slot(ticket: number): number {
    return ticket & this.mask;
  }

  /** A new ticket at the back of the line, indexed by its key tag. */
  push(lo: number, hi: number, due: number): number {
    if (this.head - this.tail > this.mask) this.resizeRing((this.mask + 1) * 2);
    if ((this.head >>> 3) >= this.served.length) this.growServed();
    const t = this.head++;
    const i = t & this.mask;
    this.due[i] = due;
    this.tagLo[i] = lo;
    this.tagHi[i] = hi;
    this.served[t >>> 3] &= ~(1 << (t & 7));
    this.insert(t);
    return t;
  }

  /** The live, unserved ticket of this key tag, or -1. */
  find(lo: number, hi: number): number {
    for (let s = lo & this.slotMask; ; s = (s + 1) & this.slotMask) {
      const t = this.slots[s];
      if (t === EMPTY) return -1;
      const i = t & this.mask;
      if (this.tagLo[i] === lo && this.tagHi[i] === hi) return t;
    }
  }

  isServed(t: number): boolean {
    return (this.served[t >>> 3] & (1 << (t & 7))) !== 0;
  }

  /**
   * Settles a ticket: served (the bit is kept for every ticket ever issued, 1/8 byte each, so a replayed pass stays
   * harmless) or lapsed (only ever the tail ticket, which the caller then steps past). Either way it leaves the index.
   */
  settle(t: number, served: boolean): void {
    if (served) this.served[t >>> 3] |= 1 << (t & 7);
    if (t >= this.tail && t < this.head) this.unindex(t);
  }

  /** Call after tail moved forward: gives memory back once a surge has drained. */
  maybeShrink(): void {
    const live = this.head - this.tail;
    if (this.mask + 1 > MIN_RING && live < (this.mask + 1) >> 3) this.resizeRing(pow2(live * 2, MIN_RING));
    if (this.slots.length > MIN_INDEX && this.indexed * 8 < this.slots.length) this.rebuildIndex(pow2(this.indexed * 4, MIN_INDEX));
  }

  /** Re-lays tickets [base, base+n) in the order given by perm (pre-queue draw at opening). */
  permute(base: number, perm: Uint32Array): void {
    const n = perm.length;
    const lo = new Uint32Array(n);
    const hi = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const i = (base + k) & this.mask;
      lo[perm[k]] = this.tagLo[i];
      hi[perm[k]] = this.tagHi[i];
    }
    for (let k = 0; k < n; k++) {
      const i = (base + k) & this.mask;
      this.tagLo[i] = lo[k];
      this.tagHi[i] = hi[k];
    }
    this.rebuildIndex(this.slots.length);
  }

  private insert(t: number): void {
    if ((this.indexed + 1) * 2 > this.slots.length) this.rebuildIndex(this.slots.length * 2);
    let s = this.tagLo[t & this.mask] & this.slotMask;
    while (this.slots[s] !== EMPTY) s = (s + 1) & this.slotMask;
    this.slots[s] = t;
    this.indexed++;
  }

  /** Linear-probing delete with backward shift: no tombstones, so probes stay short however long the day. */
  private unindex(t: number): void {
    const m = this.slotMask;
    let s = this.tagLo[t & this.mask] & m;
    while (this.slots[s] !== t) {
      if (this.slots[s] === EMPTY) return; // already settled
      s = (s + 1) & m;
    }
    let hole = s;
    for (let j = (s + 1) & m; this.slots[j] !== EMPTY; j = (j + 1) & m) {
      const home = this.tagLo[this.slots[j] & this.mask] & m;
      // Move j into the hole unless its home lies cyclically in (hole, j].
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        this.slots[hole] = this.slots[j];
        hole = j;
      }
    }
    this.slots[hole] = EMPTY;
    this.indexed--;
  }

  private rebuildIndex(size: number): void {
    this.slots = new Uint32Array(size).fill(EMPTY);
    this.slotMask = size - 1;
    this.indexed = 0;
    // Invariant: a live ticket is indexed exactly while unserved (a lapsed one is always at tail, and leaves it).
    for (let t = this.tail; t < this.head; t++) if (!this.isServed(t)) this.insert(t);
  }

  private resizeRing(size: number): void {
    const mask = size - 1;
    const due = new Uint32Array(size);
    const lo = new Uint32Array(size);
    const hi = new Uint32Array(size);
    for (let t = this.tail; t < this.head; t++) {
      const a = t & this.mask;
      const b = t & mask;
      due[b] = this.due[a];
      lo[b] = this.tagLo[a];
      hi[b] = this.tagHi[a];
    }
    this.due = due;
    this.tagLo = lo;
    this.tagHi = hi;
    this.mask = mask;
  }

  private growServed(): void {
    const s = new Uint8Array(this.served.length * 2);
    s.set(this.served);
    this.served = s;
  }
}

function pow2(n: number, min: number): number {
  let p = min;
  while (p < n) p *= 2;
  return p;
}
