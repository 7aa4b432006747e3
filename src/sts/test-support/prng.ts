/** @module Seeded pseudo-random numbers for property tests: the same seed replays the same cases. */

/** mulberry32: 32-bit state, good enough spread for test inputs, and a failure names its seed. */
export function prng(seed: number): { int(maxExclusive: number): number; pick<T>(xs: readonly T[]): T; digits(n: number): string; hex(n: number): string } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    int,
    pick: (xs) => xs[int(xs.length)],
    digits: (n) => Array.from({ length: n }, () => String(int(10))).join(''),
    hex: (n) => Array.from({ length: n }, () => int(16).toString(16)).join(''),
  };
}
