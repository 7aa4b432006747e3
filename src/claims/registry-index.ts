/** @module The registry in memory: every claim is answered from here, not from a query per rule. */
import type { StoredSubscriber } from '../domain/subscriber.js';
import { RegistryColumns } from './registry-columns.js';
import { contractKey } from './request.js';

/**
 * Kept in columns (registry-columns.ts), found through two open-addressing tables of row numbers keyed by meter and by
 * contract: no object, no JS string and no Map entry per subscriber. Measured on the 2020 registry (issue 13): about
 * 460 bytes of heap a subscriber as objects in three Maps (200 MiB), 165 bytes this way (73 MiB, off the V8 heap, so
 * no garbage collection marks it). A look-up by meter costs about 1 µs more (1.9 against 0.5-0.8). A subscriber found is a fresh object each time, made from
 * its row (a claim in flight keeps the one it found, as before when an import replaced the object).
 */
const CONTRACT = 0, METER = 1;
const EMPTY = 0, GONE = -1;
/** Above this id a subscriber's row is found through a Map, not a dense array (ids are rowids: dense in practice). */
const DENSE_IDS = 1 << 26;

export class RegistryIndex {
  private readonly rows: RegistryColumns;
  /** Row + 1 per id. */
  private rowOfId: Int32Array;
  private readonly sparse = new Map<number, number>();
  private readonly byMeter: Table;
  private readonly byContract: Table;

  /** `expected`: how many subscribers will be put first (the columns are sized for them). */
  constructor(rows: Iterable<StoredSubscriber> = [], expected = Array.isArray(rows) ? rows.length : 1024) {
    const n = Math.max(1024, expected);
    this.rows = new RegistryColumns(n);
    this.rowOfId = new Int32Array(Math.max(1024, n + 1));
    this.byMeter = new Table(n, (r, key) => this.rows.textIs(r, METER, key, null));
    this.byContract = new Table(n, (r, key) => this.rows.textIs(r, CONTRACT, key, contractKey));
    for (const r of rows) this.put(r);
    this.loaded();
  }

  /** The bulk load is over: the string buffer is cut down to what it holds. */
  loaded(): void {
    this.rows.trim();
  }

  /** Adds or replaces a subscriber (an import may change a contract's meter). */
  put(s: StoredSubscriber): void {
    let r = this.rowOf(s.id);
    if (r >= 0) {
      const oldMeter = this.rows.text(r, METER)!;
      const oldKey = contractKey(this.rows.text(r, CONTRACT)!);
      // Only where this row is still the one found: another subscriber may have taken that meter since.
      this.byMeter.remove(oldMeter, r);
      this.byContract.remove(oldKey, r);
    } else {
      r = this.rows.length;
      this.setRowOf(s.id, r);
    }
    this.rows.write(r, s);
    this.byMeter.set(s.meter_no, r);
    this.byContract.set(contractKey(s.contract_no), r);
  }

  meter(meterNo: string): StoredSubscriber | undefined {
    const r = this.byMeter.find(meterNo);
    return r < 0 ? undefined : this.rows.get(r, meterNo);
  }

  /** Found as typed: `MJL-88211178`, `mjl 88211178` and `MJL88211178` are one contract (request.ts, contractKey). */
  contract(contractNo: string): StoredSubscriber | undefined {
    const r = this.byContract.find(contractKey(contractNo));
    return r < 0 ? undefined : this.rows.get(r);
  }

  /** Every subscriber, in the order first put (each made afresh: the caller may keep or drop it). */
  *all(): IterableIterator<StoredSubscriber> {
    for (let r = 0; r < this.rows.length; r++) yield this.rows.get(r);
  }

  get size(): number {
    return this.rows.length;
  }

  /** Bytes the registry holds in memory (columns and tables), for the tests and the metrics. */
  get memoryBytes(): number {
    return this.rows.memoryBytes + this.rowOfId.byteLength + this.byMeter.memoryBytes + this.byContract.memoryBytes;
  }

  private rowOf(id: number): number {
    if (id >= 0 && id < DENSE_IDS && Number.isInteger(id)) return id < this.rowOfId.length ? this.rowOfId[id] - 1 : -1;
    return this.sparse.get(id) ?? -1;
  }

  private setRowOf(id: number, r: number): void {
    if (id >= 0 && id < DENSE_IDS && Number.isInteger(id)) {
      if (id >= this.rowOfId.length) {
        const next = new Int32Array(Math.max(id + 1, this.rowOfId.length * 2));
        next.set(this.rowOfId);
        this.rowOfId = next;
      }
      this.rowOfId[id] = r + 1;
    } else this.sparse.set(id, r);
  }
}

/** FNV-1a over the UTF-16 code units, as a signed 32-bit integer (what an Int32Array holds). */
function hash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Open addressing with linear probing: each slot a row + 1 (0 empty, -1 a row that left) and, beside it in the same
 * array (one cache line), the row's key hash, so a probe compares a key only on a full hash match. Grown (and
 * cleared of departed rows) past half full.
 */
class Table {
  private cells: Int32Array;
  private mask: number;
  private filled = 0;

  constructor(expected: number, private readonly same: (row: number, key: string) => boolean) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.cells = new Int32Array(size * 2);
    this.mask = size - 1;
  }

  get memoryBytes(): number {
    return this.cells.byteLength;
  }

  /** The row of `key`, or -1. */
  find(key: string): number {
    const h = hash(key);
    const c = this.cells;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const v = c[2 * i];
      if (v === EMPTY) return -1;
      if (v > 0 && c[2 * i + 1] === h && this.same(v - 1, key)) return v - 1;
    }
  }

  /** `key` now finds `row` (whichever row it found before). */
  set(key: string, row: number): void {
    const h = hash(key);
    const c = this.cells;
    let free = -1;
    let i = h & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const v = c[2 * i];
      if (v === EMPTY) break;
      if (v === GONE) {
        if (free < 0) free = i;
      } else if (c[2 * i + 1] === h && this.same(v - 1, key)) {
        c[2 * i] = row + 1;
        return;
      }
    }
    if (free < 0) {
      free = i;
      this.filled++;
    }
    c[2 * free] = row + 1;
    c[2 * free + 1] = h;
    if (this.filled * 2 > this.mask + 1) this.rehash();
  }

  /** `key` finds nothing any more, if it found `row`. */
  remove(key: string, row: number): void {
    const h = hash(key);
    const c = this.cells;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const v = c[2 * i];
      if (v === EMPTY) return;
      if (v === row + 1 && c[2 * i + 1] === h) {
        c[2 * i] = GONE;
        return;
      }
    }
  }

  private rehash(): void {
    const old = this.cells;
    let live = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] > 0) live++;
    let size = 1024;
    while (size < live * 4) size *= 2;
    this.cells = new Int32Array(size * 2);
    this.mask = size - 1;
    this.filled = live;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] <= 0) continue;
      let j = old[i + 1] & this.mask;
      while (this.cells[2 * j] !== EMPTY) j = (j + 1) & this.mask;
      this.cells[2 * j] = old[i];
      this.cells[2 * j + 1] = old[i + 1];
    }
  }
}
