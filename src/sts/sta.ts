/** @module EA07, the Standard Transfer Algorithm (IEC 62055-41 §6.5.4). */
// 16 rounds of a 4-bit substitution (one of two tables per nibble, chosen by the top bit of the matching key nibble),
// a 64-bit permutation and a one-bit left rotation of the key, after a key alignment (complement, rotate right 12).
// Substitution and permutation of a round are folded into one table per byte position and key-bit pair, so a round
// is 8 lookups on two 32-bit halves.
import { permutationTables, rotl64, type Block64 } from './bits.js';

/** The substitution tables and permutation that reproduce the STS 531-1 conformance tokens (CTSA01). */
const S1 = [14, 10, 7, 9, 12, 3, 2, 5, 13, 0, 15, 1, 4, 8, 6, 11];
const S2 = [12, 8, 2, 13, 7, 6, 1, 3, 11, 5, 9, 15, 0, 4, 10, 14];
/** Bit i of the substituted block moves to bit PERM[i] (bits numbered from the least significant). */
const PERM = [
  55, 42, 10, 18, 24, 21, 44, 35, 2, 22, 56, 43, 27, 58, 9, 50, 6, 36, 12, 61, 37, 38, 53, 16, 62, 3, 7, 4, 32, 20, 63, 25,
  51, 52, 54, 33, 49, 19, 46, 29, 48, 31, 23, 30, 41, 28, 13, 5, 40, 60, 39, 11, 15, 17, 1, 0, 57, 34, 59, 8, 47, 14, 45, 26,
];

const inverse = (t: number[]): number[] => t.reduce<number[]>((inv, v, i) => ((inv[v] = i), inv), []);
const S1_INV = inverse(S1);
const S2_INV = inverse(S2);

/** Byte substitution for a key-bit pair: bit 0 picks the low nibble's table, bit 1 the high nibble's (0 = S1). */
const substituteByte = (v: number, sel: number, a: number[], b: number[]): number =>
  (sel & 1 ? b : a)[v & 15] | ((sel & 2 ? b : a)[v >>> 4] << 4);

// ENC[(byte position j * 4 + key-bit pair) * 256 + byte value]: where that byte's substituted bits land.
const ENC_HI = new Int32Array(8 * 4 * 256);
const ENC_LO = new Int32Array(8 * 4 * 256);
{
  const perm = permutationTables((src) => PERM[src]);
  for (let j = 0; j < 8; j++) {
    for (let sel = 0; sel < 4; sel++) {
      for (let v = 0; v < 256; v++) {
        const s = substituteByte(v, sel, S1, S2);
        ENC_HI[(j * 4 + sel) * 256 + v] = perm.hi[j * 256 + s];
        ENC_LO[(j * 4 + sel) * 256 + v] = perm.lo[j * 256 + s];
      }
    }
  }
}
const PERM_INV_POS = inverse(PERM);
const DEC_PERM = permutationTables((src) => PERM_INV_POS[src]);
const DEC_SUB = new Uint8Array(4 * 256);
for (let sel = 0; sel < 4; sel++) for (let v = 0; v < 256; v++) DEC_SUB[sel * 256 + v] = substituteByte(v, sel, S1_INV, S2_INV);

/**
 * A decoder key prepared for STA: per round and byte position, the offset of the table for the key bits that round
 * sees. Computed once per decoder key (cache it), it leaves no key arithmetic in the per-token loop.
 */
export function staKeySchedule(decoderKey: Block64): Uint16Array {
  // Key alignment: complement, then rotate right by 12 (= left by 52).
  const a = rotl64({ hi: ~decoderKey.hi >>> 0, lo: ~decoderKey.lo >>> 0 }, 52);
  const bit = (i: number): number => (i >= 32 ? a.hi >>> (i - 32) : a.lo >>> i) & 1;
  const off = new Uint16Array(16 * 8);
  for (let r = 0; r < 16; r++) {
    // Round r sees the aligned key rotated left by r: its bit i is aligned bit (i - r) mod 64.
    for (let j = 0; j < 8; j++) {
      const sel = bit((8 * j + 3 - r) & 63) | (bit((8 * j + 7 - r) & 63) << 1);
      off[r * 8 + j] = (j * 4 + sel) * 256;
    }
  }
  return off;
}

/** Encrypts one 64-bit block; writes into `out` and returns it. */
export function staEncrypt(ks: Uint16Array, hi: number, lo: number, out: Block64): Block64 {
  const H = ENC_HI;
  const L = ENC_LO;
  for (let k = 0; k < 128; k += 8) {
    const i0 = ks[k] + (lo & 255);
    const i1 = ks[k + 1] + ((lo >>> 8) & 255);
    const i2 = ks[k + 2] + ((lo >>> 16) & 255);
    const i3 = ks[k + 3] + (lo >>> 24);
    const i4 = ks[k + 4] + (hi & 255);
    const i5 = ks[k + 5] + ((hi >>> 8) & 255);
    const i6 = ks[k + 6] + ((hi >>> 16) & 255);
    const i7 = ks[k + 7] + (hi >>> 24);
    hi = H[i0] | H[i1] | H[i2] | H[i3] | H[i4] | H[i5] | H[i6] | H[i7];
    lo = L[i0] | L[i1] | L[i2] | L[i3] | L[i4] | L[i5] | L[i6] | L[i7];
  }
  out.hi = hi >>> 0;
  out.lo = lo >>> 0;
  return out;
}

/** Decrypts one 64-bit block: the rounds backwards, each undoing the permutation then the substitution. */
export function staDecrypt(ks: Uint16Array, hi: number, lo: number, out: Block64): Block64 {
  const H = DEC_PERM.hi;
  const L = DEC_PERM.lo;
  for (let k = 120; k >= 0; k -= 8) {
    const a = lo & 255, b = (lo >>> 8) & 255, c = (lo >>> 16) & 255, d = lo >>> 24;
    const e = 1024 + (hi & 255), f = 1280 + ((hi >>> 8) & 255), g = 1536 + ((hi >>> 16) & 255), h = 1792 + (hi >>> 24);
    const ph = H[a] | H[256 + b] | H[512 + c] | H[768 + d] | H[e] | H[f] | H[g] | H[h];
    const pl = L[a] | L[256 + b] | L[512 + c] | L[768 + d] | L[e] | L[f] | L[g] | L[h];
    // The key-bit pair of byte j is the low two bits of (offset / 256), see staKeySchedule.
    lo = DEC_SUB[((ks[k] >>> 8) & 3) * 256 + (pl & 255)] |
      (DEC_SUB[((ks[k + 1] >>> 8) & 3) * 256 + ((pl >>> 8) & 255)] << 8) |
      (DEC_SUB[((ks[k + 2] >>> 8) & 3) * 256 + ((pl >>> 16) & 255)] << 16) |
      (DEC_SUB[((ks[k + 3] >>> 8) & 3) * 256 + (pl >>> 24)] << 24);
    hi = DEC_SUB[((ks[k + 4] >>> 8) & 3) * 256 + (ph & 255)] |
      (DEC_SUB[((ks[k + 5] >>> 8) & 3) * 256 + ((ph >>> 8) & 255)] << 8) |
      (DEC_SUB[((ks[k + 6] >>> 8) & 3) * 256 + ((ph >>> 16) & 255)] << 16) |
      (DEC_SUB[((ks[k + 7] >>> 8) & 3) * 256 + (ph >>> 24)] << 24);
  }
  out.hi = hi >>> 0;
  out.lo = lo >>> 0;
  return out;
}
