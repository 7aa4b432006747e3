/**
 * @module The registry's rows, compact: the four strings of a subscriber as UTF-8 in one buffer, the columns with few
 * values as codes, numbers as doubles, all of a row's fixed fields in one 72-byte record (one or two cache lines: a
 * claim in random order finds its row in memory it has not touched for a while); a row is made into a
 * `StoredSubscriber` again when asked for.
 */
import type { StoredSubscriber } from '../domain/subscriber.js';

/** Per row, in this order in the buffer. */
const TEXT = ['contract_no', 'meter_no', 'holder_name', 'phone'] as const;
/** Columns with few distinct values, each a code into that column's list of values (0: null). */
const CODED = ['service', 'metering', 'tariff', 'category', 'agency', 'district', 'sts_iin', 'sts_sgc', 'sts_ti', 'sts_kt', 'sts_base_date'] as const;
const NUMS = ['power_kw', 'avg_monthly_use', 'sts_krn'] as const;
const NT = TEXT.length, NC = CODED.length, NN = NUMS.length;
const NULL_TEXT = 0xffff;
/** A value past the 65,534 a column's codes can name: kept in that column's Map by row. */
const OVERFLOW = 0xffff;
/** The record: id and the numbers (doubles 0-3), the string's start in the buffer (u32 at byte 32), the string lengths (u16 at 36), the codes (u16 at 44). */
const REC = 72;
const F = REC / 8, W = REC / 4, H = REC / 2;
const START = 32 / 4, LENS = 36 / 2, CODES = 44 / 2;

type Row = Record<string, string | number | null>;

const num = (x: number): number | null => (x !== x ? null : x);
const text = (bytes: Buffer, from: number, l: number): string | null => (l === NULL_TEXT ? null : bytes.toString('utf8', from, from + l));

export class RegistryColumns {
  /** Rows in use. */
  length = 0;
  private capacity: number;
  private bytes: Buffer;
  private used = 0;
  /** Bytes of the buffer no row points to any more (rows replaced): reclaimed when the buffer is next grown. */
  private dead = 0;
  private f64: Float64Array;
  private u32: Uint32Array;
  private u16: Uint16Array;
  private readonly values: string[][] = CODED.map(() => [null as unknown as string]);
  private readonly codeOf: Map<string, number>[] = CODED.map(() => new Map());
  private readonly overflow: Map<number, string>[] = CODED.map(() => new Map());
  private overflowed = false;

  constructor(expected = 1024) {
    this.capacity = Math.max(16, expected);
    this.bytes = Buffer.allocUnsafe(this.capacity * 48);
    const buf = new ArrayBuffer(this.capacity * REC);
    this.f64 = new Float64Array(buf);
    this.u32 = new Uint32Array(buf);
    this.u16 = new Uint16Array(buf);
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
    const u16 = this.u16, h = r * H;
    this.u32[r * W + START] = this.used;
    for (let k = 0; k < NT; k++) {
      const t = texts[k];
      if (t === null) {
        u16[h + LENS + k] = NULL_TEXT;
        continue;
      }
      const n = this.bytes.write(t, this.used, 'utf8');
      if (n >= NULL_TEXT) throw new Error(`${TEXT[k]} too long for the registry in memory (${n} bytes)`);
      u16[h + LENS + k] = n;
      this.used += n;
    }
    for (let k = 0; k < NC; k++) this.setCode(r, k, row[CODED[k]] as string | null);
    for (let k = 0; k < NN; k++) {
      const v = row[NUMS[k]] as number | null;
      this.f64[r * F + 1 + k] = v === null ? NaN : v;
    }
    this.f64[r * F] = s.id;
  }

  id(r: number): number {
    return this.f64[r * F];
  }

  /** Where string k of row r starts in the buffer, and its length (NULL_TEXT: null). */
  private at(r: number, k: number): number {
    const h = r * H + LENS;
    let at = this.u32[r * W + START];
    for (let j = 0; j < k; j++) {
      const x = this.u16[h + j];
      if (x !== NULL_TEXT) at += x;
    }
    return at;
  }

  /** One of the row's strings: 0 contract, 1 meter, 2 holder, 3 phone. */
  text(r: number, k: number): string | null {
    const l = this.u16[r * H + LENS + k];
    if (l === NULL_TEXT) return null;
    const at = this.at(r, k);
    return this.bytes.toString('utf8', at, at + l);
  }

  /**
   * Whether the row's string k (0 contract, 1 meter) is `key`, compared in the buffer; with `fold`, as contractKey
   * compares (letters and digits only, upper case); a string with a byte past ASCII is decoded and given to `fold`.
   */
  textIs(r: number, k: number, key: string, fold: ((s: string) => string) | null): boolean {
    const l = this.u16[r * H + LENS + k];
    if (l === NULL_TEXT) return false;
    const at = this.at(r, k);
    const b = this.bytes;
    if (fold === null) {
      if (l !== key.length) return false;
      for (let i = 0; i < l; i++) if (b[at + i] !== key.charCodeAt(i)) return false;
      return true;
    }
    let i = 0;
    for (let p = at; p < at + l; p++) {
      let c = b[p];
      if (c >= 128) return fold(b.toString('utf8', at, at + l)) === key;
      if (c >= 97 && c <= 122) c -= 32;
      else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) continue;
      if (i >= key.length || key.charCodeAt(i++) !== c) return false;
    }
    return i === key.length;
  }

  /** The subscriber of row r, as the store gave it (the same fields, in the store's order); `meter`: its meter number, when the caller has it. */
  get(r: number, meter: string | null = null): StoredSubscriber {
    const u = this.u16, n = this.f64, bytes = this.bytes, v = this.values;
    const h = r * H, f = r * F, c = h + CODES;
    const b = this.u32[r * W + START];
    const l0 = u[h + LENS], l1 = u[h + LENS + 1], l2 = u[h + LENS + 2], l3 = u[h + LENS + 3];
    const b1 = b + (l0 === NULL_TEXT ? 0 : l0), b2 = b1 + (l1 === NULL_TEXT ? 0 : l1), b3 = b2 + (l2 === NULL_TEXT ? 0 : l2);
    const s = {
      id: n[f], contract_no: text(bytes, b, l0), meter_no: meter ?? text(bytes, b1, l1),
      service: v[0][u[c]], metering: v[1][u[c + 1]], tariff: v[2][u[c + 2]], power_kw: num(n[f + 1]),
      avg_monthly_use: num(n[f + 2]), category: v[3][u[c + 3]], holder_name: text(bytes, b2, l2), agency: v[4][u[c + 4]],
      district: v[5][u[c + 5]], phone: text(bytes, b3, l3), sts_iin: v[6][u[c + 6]], sts_sgc: v[7][u[c + 7]],
      sts_ti: v[8][u[c + 8]], sts_krn: num(n[f + 3]), sts_kt: v[9][u[c + 9]], sts_base_date: v[10][u[c + 10]],
    } as StoredSubscriber;
    if (this.overflowed) this.overflowedInto(r, s);
    return s;
  }

  /** The values past a column's codes (none in any real registry: 65,534 distinct agencies or districts). */
  private overflowedInto(r: number, s: StoredSubscriber): void {
    const row = s as unknown as Row;
    for (let k = 0; k < NC; k++) if (this.u16[r * H + CODES + k] === OVERFLOW) row[CODED[k]] = this.overflow[k].get(r)!;
  }

  /** Bytes held, for the tests and the metrics. */
  get memoryBytes(): number {
    return this.bytes.length + this.f64.byteLength;
  }

  private rowBytes(r: number): number {
    let n = 0;
    for (let k = 0; k < NT; k++) {
      const x = this.u16[r * H + LENS + k];
      if (x !== NULL_TEXT) n += x;
    }
    return n;
  }

  private setCode(r: number, k: number, v: string | null): void {
    const at = r * H + CODES + k;
    this.overflow[k].delete(r);
    if (v === null) {
      this.u16[at] = 0;
      return;
    }
    let code = this.codeOf[k].get(v);
    if (code === undefined) {
      if (this.values[k].length >= OVERFLOW) {
        this.overflowed = true;
        this.u16[at] = OVERFLOW;
        this.overflow[k].set(r, v);
        return;
      }
      code = this.values[k].length;
      this.values[k].push(v);
      this.codeOf[k].set(v, code);
    }
    this.u16[at] = code;
  }

  /** A quarter more: a refresh that adds a row after the load must not double what the load took. */
  private grow(): void {
    const c = Math.ceil(this.capacity * 1.25) + 16;
    const buf = new ArrayBuffer(c * REC);
    new Uint8Array(buf).set(new Uint8Array(this.f64.buffer, 0, this.capacity * REC));
    this.f64 = new Float64Array(buf);
    this.u32 = new Uint32Array(buf);
    this.u16 = new Uint16Array(buf);
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
      const from = this.u32[r * W + START];
      const n = this.rowBytes(r);
      this.bytes.copy(next, at, from, from + n);
      this.u32[r * W + START] = at;
      at += n;
    }
    this.bytes = next;
    this.used = at;
    this.dead = 0;
  }
}
