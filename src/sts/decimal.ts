/** @module The 66-bit token as 20 decimal digits, and back. */
// Converted on 16-bit limbs: every intermediate stays below 2^53, so plain numbers are exact and no BigInt is needed.
import { StsError } from './errors.js';

/** A 66-bit token: `top` holds bits 65..64, `hi` bits 63..32, `lo` bits 31..0. */
export interface Token66 {
  top: number;
  hi: number;
  lo: number;
}

const E9 = 1_000_000_000;

/** 66-bit value -> 20 digits, zero-padded on the left. */
export function tokenToDigits(top: number, hi: number, lo: number): string {
  let l4 = top & 3, l3 = hi >>> 16, l2 = hi & 0xffff, l1 = lo >>> 16, l0 = lo & 0xffff;
  // Two long divisions by 10^9 give the low and middle 9 digits; what is left (< 74) is the first two.
  let r = l4 % E9; l4 = (l4 - r) / E9;
  let c = r * 65536 + l3; r = c % E9; l3 = (c - r) / E9;
  c = r * 65536 + l2; r = c % E9; l2 = (c - r) / E9;
  c = r * 65536 + l1; r = c % E9; l1 = (c - r) / E9;
  c = r * 65536 + l0; const low = c % E9; l0 = (c - low) / E9;
  r = 0;
  c = r * 65536 + l4; r = c % E9;
  c = r * 65536 + l3; r = c % E9; l3 = (c - r) / E9;
  c = r * 65536 + l2; r = c % E9; l2 = (c - r) / E9;
  c = r * 65536 + l1; r = c % E9; l1 = (c - r) / E9;
  c = r * 65536 + l0; const mid = c % E9; l0 = (c - mid) / E9;
  const first = ((l3 * 65536 + l2) * 65536 + l1) * 65536 + l0;
  return (first < 10 ? '0' : '') + first + String(mid).padStart(9, '0') + String(low).padStart(9, '0');
}

/** 20 digits -> 66-bit value. Throws `bad_token` for anything else, or for a value at or above 2^66. */
export function digitsToToken(digits: string): Token66 {
  if (typeof digits !== 'string' || !/^\d{20}$/.test(digits)) {
    throw new StsError('bad_token', `a token is 20 digits (got ${typeof digits === 'string' ? digits.length + ' characters' : typeof digits})`);
  }
  const limbs = [Number(digits.slice(0, 2)), 0, 0, 0, 0]; // little-endian 16-bit limbs
  for (const chunk of [Number(digits.slice(2, 11)), Number(digits.slice(11))]) {
    let carry = chunk;
    for (let i = 0; i < 5; i++) {
      const v = limbs[i] * E9 + carry;
      limbs[i] = v % 65536;
      carry = (v - limbs[i]) / 65536;
    }
    if (carry !== 0) throw new StsError('bad_token', `${digits} is too large for a 66-bit token`);
  }
  if (limbs[4] > 3) throw new StsError('bad_token', `${digits} is too large for a 66-bit token`);
  return { top: limbs[4], hi: ((limbs[3] << 16) | limbs[2]) >>> 0, lo: ((limbs[1] << 16) | limbs[0]) >>> 0 };
}
