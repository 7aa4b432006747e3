/**
 * @module The registry's rows in columns: the four strings of a subscriber as UTF-8 in one buffer, the columns with few
 * values as codes, the numbers in a Float64Array; a row is made into a `StoredSubscriber` again when asked for.
 */
import type { StoredSubscriber } from '../domain/subscriber.js';

/** Per row, in this order in the buffer. */
const TEXT = ['contract_no', 'meter_no', 'holder_name', 'phone'] as const;
/** Columns with few distinct values, each a code into that column's list of values (0: null). */
const CODED = ['service', 'metering', 'tariff', 'category', 'agency', 'district', 'sts_iin', 'sts_sgc', 'sts_ti', 'sts_kt', 'sts_base_date'] as const;
const NUMS = ['power_kw', 'avg_monthly_use', 'sts_krn'] as const;
const NT = TEXT.length, NC = CODED.length, NN = NUMS.length;
const NULL_TEXT = 0xffff;

type Row = Record<string, string | number | null>;

export class RegistryColumns {
  /** Rows in use. */
  length = 0;
  private capacity: number;
  private bytes: Buffer;
  private used = 0;
  /** Bytes of the buffer no row points to any more (rows replaced): compacted once they outweigh the rest. */
  private dead = 0;
  private start: Float64Array;
  private lens: Uint16Array;
  private codes: Uint16Array | Uint32Array;
  private nums: Float64Array;
  private ids: Float64Array;
  private readonly values: string[][] = CODED.map(() => [null as unknown as string]);
  private readonly codeOf: Map<string, number>[] = CODED.map(() => new Map());

  constructor(expected = 1024) {
    this.capacity = Math.max(16, expected);
    this.bytes = Buffer.allocUnsafe(this.capacity * 48);
    this.start = new Float64Array(this.capacity);
    this.lens = new Uint16Array(this.capacity * NT);
    this.codes = new Uint16Array(this.capacity * NC);
    this.nums = new Float64Array(this.capacity * NN);
    this.ids = new Float64Array(this.capacity);
  }

  /** Writes `s` into row `r` (a new row when r === length). */
  write(r: number, s: StoredSubscriber): void {
    const replacing = r < this.length;
    if (!replacing) {
      if (r === this.capacity) this.grow();
      this.length++;
    }
    const row = s as unknown as Row;
    const texts = TEXT.map((k) => row[k] as string | null);
    let need = 0;
    for (const t of texts) if (t !== null) need += Buffer.byteLength(t);
    if (this.used + need > this.bytes.length) this.room(need);
    if (replacing) this.dead += this.rowBytes(r);
    this.start[r] = this.used;
    for (let k = 0; k < NT; k++) {
      const t = texts[k];
      if (t === null) {
        this.lens[r * NT + k] = NULL_TEXT;
        continue;
      }
      const n = this.bytes.write(t, this.used, 'utf8');
      if (n >= NULL_TEXT) throw new Error(`${TEXT[k]} too long for the registry in memory (${n} bytes)`);
      this.lens[r * NT + k] = n;
      this.used += n;
    }
    for (let k = 0; k < NC; k++) this.setCode(r * NC + k, k, row[CODED[k]] as string | null);
    for (let k = 0; k < NN; k++) {
      const v = row[NUMS[k]] as number | null;
      this.nums[r * NN + k] = v === null ? NaN : v;
    }
    this.ids[r] = s.id;
  }

  id(r: number): number {
    return this.ids[r];
  }

  /** One of the row's strings: 0 contract, 1 meter, 2 holder, 3 phone. */
  text(r: number, k: number): string | null {
    const l = this.lens[r * NT + k];
    if (l === NULL_TEXT) return null;
    let at = this.start[r];
    for (let j = 0; j < k; j++) {
      const x = this.lens[r * NT + j];
      if (x !== NULL_TEXT) at += x;
    }
    return this.bytes.toString('utf8', at, at + l);
  }

  /** The subscriber of row r, as the store gave it (the same fields, in the store's order). */
  get(r: number): StoredSubscriber {
    const c = this.codes, v = this.values, n = this.nums;
    const o = r * NC, p = r * NN;
    const b = this.start[r], l = r * NT;
    const l0 = this.lens[l], l1 = this.lens[l + 1], l2 = this.lens[l + 2], l3 = this.lens[l + 3];
    const b1 = b + l0, b2 = b1 + l1, b3 = b2 + l2;
    const num = (x: number) => (x !== x ? null : x);
    return {
      id: this.ids[r], contract_no: this.bytes.toString('utf8', b, b1), meter_no: this.bytes.toString('utf8', b1, b2),
      service: v[0][c[o]], metering: v[1][c[o + 1]], tariff: v[2][c[o + 2]], power_kw: num(n[p]), avg_monthly_use: n[p + 1],
      category: v[3][c[o + 3]], holder_name: this.bytes.toString('utf8', b2, b3), agency: v[4][c[o + 4]], district: v[5][c[o + 5]],
      phone: l3 === NULL_TEXT ? null : this.bytes.toString('utf8', b3, b3 + l3),
      sts_iin: v[6][c[o + 6]], sts_sgc: v[7][c[o + 7]], sts_ti: v[8][c[o + 8]], sts_krn: num(n[p + 2]), sts_kt: v[9][c[o + 9]],
      sts_base_date: v[10][c[o + 10]],
    } as StoredSubscriber;
  }

  /** Bytes held, for the tests and the metrics. */
  get memoryBytes(): number {
    return this.bytes.length + this.start.byteLength + this.lens.byteLength + this.codes.byteLength + this.nums.byteLength + this.ids.byteLength;
  }

  private rowBytes(r: number): number {
    let n = 0;
    for (let k = 0; k < NT; k++) {
      const x = this.lens[r * NT + k];
      if (x !== NULL_TEXT) n += x;
    }
    return n;
  }

  private setCode(at: number, k: number, v: string | null): void {
    if (v === null) {
      this.codes[at] = 0;
      return;
    }
    let code = this.codeOf[k].get(v);
    if (code === undefined) {
      code = this.values[k].length;
      this.values[k].push(v);
      this.codeOf[k].set(v, code);
      if (code > 0xffff && this.codes instanceof Uint16Array) this.codes = Uint32Array.from(this.codes);
    }
    this.codes[at] = code;
  }

  /** A quarter more: a refresh that adds a row after the load must not double what the load took. */
  private grow(): void {
    const c = Math.ceil(this.capacity * 1.25) + 16;
    this.start = copy(this.start, new Float64Array(c));
    this.lens = copy(this.lens, new Uint16Array(c * NT));
    this.codes = copy(this.codes, this.codes instanceof Uint16Array ? new Uint16Array(c * NC) : new Uint32Array(c * NC));
    this.nums = copy(this.nums, new Float64Array(c * NN));
    this.ids = copy(this.ids, new Float64Array(c));
    this.capacity = c;
  }

  /** The buffer just large enough for what the rows hold (after the load at start), a little slack for refreshes. */
  trim(): void {
    this.room(0, 1 / 16);
  }

  /** Room for `need` more bytes: the live rows copied into a new buffer, with a quarter more than they need. */
  private room(need: number, slack = 1 / 4): void {
    const live = this.used - this.dead;
    const next = Buffer.allocUnsafe(Math.ceil((live + need) * (1 + slack)) + 1024);
    let at = 0;
    for (let r = 0; r < this.length; r++) {
      const from = this.start[r];
      const n = this.rowBytes(r);
      this.bytes.copy(next, at, from, from + n);
      this.start[r] = at;
      at += n;
    }
    this.bytes = next;
    this.used = at;
    this.dead = 0;
  }
}

function copy<T extends Float64Array | Uint16Array | Uint32Array>(from: Float64Array | Uint16Array | Uint32Array, to: T): T {
  to.set(from);
  return to;
}
