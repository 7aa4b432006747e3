/** @module 64-bit blocks as two unsigned 32-bit halves (hi = bits 63..32, lo = bits 31..0): BigInt is far too slow here. */
import { StsError } from './errors.js';

/** A 64-bit block; bit 0 is the least significant bit of `lo`. */
export interface Block64 {
  hi: number;
  lo: number;
}

const HEX16 = /^[0-9a-fA-F]{16}$/;

/** Parses 16 hex digits (a vending or decoder key). `what` names the value in the error, never its content. */
export function hexToBlock(hex: string, what = 'key'): Block64 {
  if (typeof hex !== 'string' || !HEX16.test(hex)) {
    throw new StsError('bad_key', `${what} must be 16 hexadecimal digits (got ${typeof hex === 'string' ? hex.length + ' characters' : typeof hex})`);
  }
  return { hi: parseInt(hex.slice(0, 8), 16) >>> 0, lo: parseInt(hex.slice(8), 16) >>> 0 };
}

export const blockToHex = (b: Block64): string =>
  (b.hi >>> 0).toString(16).padStart(8, '0') + (b.lo >>> 0).toString(16).padStart(8, '0');

/** Rotates a 64-bit value left by n (0..63) bits. */
export function rotl64(b: Block64, n: number): Block64 {
  n &= 63;
  if (n === 0) return { hi: b.hi >>> 0, lo: b.lo >>> 0 };
  if (n >= 32) return rotl64({ hi: b.lo, lo: b.hi }, n - 32);
  return { hi: ((b.hi << n) | (b.lo >>> (32 - n))) >>> 0, lo: ((b.lo << n) | (b.hi >>> (32 - n))) >>> 0 };
}

/** Bit `i` (0 = least significant) of a 64-bit value. */
export const bit64 = (b: Block64, i: number): number => (i >= 32 ? b.hi >>> (i - 32) : b.lo >>> i) & 1;

/**
 * Byte-indexed tables for a fixed bit permutation: entry [byte j * 256 + value] holds where the 8 bits of
 * source byte j land. A whole 64-bit permutation then costs 8 lookups and 16 ORs instead of 64 bit moves.
 * `dstOf(src)` gives the destination bit of source bit `src` (both numbered from the least significant bit).
 */
export function permutationTables(dstOf: (src: number) => number): { hi: Int32Array; lo: Int32Array } {
  const hi = new Int32Array(8 * 256);
  const lo = new Int32Array(8 * 256);
  for (let j = 0; j < 8; j++) {
    for (let v = 0; v < 256; v++) {
      let h = 0;
      let l = 0;
      for (let t = 0; t < 8; t++) {
        if (((v >>> t) & 1) === 0) continue;
        const d = dstOf(8 * j + t);
        if (d >= 32) h |= 1 << (d - 32);
        else l |= 1 << d;
      }
      hi[j * 256 + v] = h;
      lo[j * 256 + v] = l;
    }
  }
  return { hi, lo };
}
