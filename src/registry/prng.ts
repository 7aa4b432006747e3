/** @module Seeded randomness for demo data: same seed, same registry, byte for byte (no Math.random, no clock). */

/** 32-bit FNV-1a of a string, to turn any `--seed` (a number or a word) into PRNG state. */
export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's small fast counter): fast, passes PractRand, 128-bit state. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: string) {
    this.a = hashSeed(`a${seed}`);
    this.b = hashSeed(`b${seed}`);
    this.c = hashSeed(`c${seed}`);
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `count` random decimal digits (leading zeros kept). */
  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += String.fromCharCode(48 + this.int(10));
    return s;
  }
}

/** Picks from weighted entries in O(log n), weights given once. */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly items: T[] = [];
  private total = 0;

  constructor(entries: readonly (readonly [T, number])[]) {
    for (const [item, w] of entries) {
      this.total += w;
      this.items.push(item);
      this.cumulative.push(this.total);
    }
  }

  pick(rng: Prng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/**
 * A keyed permutation of [0, 10^8): distinct inputs give distinct 8-digit numbers that look random, so contract
 * and meter numbers are unique by construction, with no set of numbers already used to keep in memory.
 * A 4-round Feistel network on 28 bits, cycle-walking until the value falls below 10^8.
 */
export class Permutation8 {
  private readonly keys: number[];

  constructor(rng: Prng) {
    this.keys = [rng.u32(), rng.u32(), rng.u32(), rng.u32()];
  }

  apply(i: number): number {
    if (i < 0 || i >= 1e8 || !Number.isInteger(i)) throw new RangeError(`permutation input out of range: ${i}`);
    let x = i;
    do x = this.feistel(x);
    while (x >= 1e8);
    return x;
  }

  private feistel(x: number): number {
    let l = x >>> 14;
    let r = x & 0x3fff;
    for (const k of this.keys) {
      let h = Math.imul(r ^ k, 0x9e3779b1);
      h ^= h >>> 15;
      h = Math.imul(h, 0x85ebca77);
      h ^= h >>> 13;
      const nl = r;
      r = (l ^ h) & 0x3fff;
      l = nl;
    }
    return (l << 14) | r;
  }
}
