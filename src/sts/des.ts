/**
 * @module DES (FIPS 46-3) on two 32-bit halves. Used by DKGA02 and by EA09. Node 20's OpenSSL refuses des-ecb
 * (des-ede-ecb with K||K is the same cipher, but one createCipheriv per block costs far more than this);
 * the tests check this code against OpenSSL on random keys and blocks.
 */
import { permutationTables, type Block64 } from './bits.js';
import { IP, P, PC1, PC2, SBOX, SHIFTS } from './des-tables.js';

/** Byte tables for a FIPS-numbered 64-bit permutation: output bit i (1-based, from the MSB) = input bit table[i-1]. */
function fipsPermutation(table: number[]): { hi: Int32Array; lo: Int32Array } {
  const outPos = new Array<number>(65);
  table.forEach((src, i) => (outPos[src] = i + 1));
  return permutationTables((lsb) => 64 - outPos[64 - lsb]);
}
const IPT = fipsPermutation(IP);
const FPT = fipsPermutation(IP.map((_, i) => IP.indexOf(i + 1) + 1));

/** S-box g with P applied, for each 6-bit input: one lookup does substitution and permutation of a group. */
const SP = new Int32Array(8 * 64);
for (let g = 0; g < 8; g++) {
  for (let w = 0; w < 64; w++) {
    const s = SBOX[g][(((w >>> 5) << 1) | (w & 1)) * 16 + ((w >>> 1) & 15)];
    const pre = s << (28 - 4 * g); // S-box g fills bits 4g+1..4g+4 counted from the MSB
    let out = 0;
    for (let i = 0; i < 32; i++) if ((pre >>> (32 - P[i])) & 1) out |= 1 << (31 - i);
    SP[g * 64 + w] = out;
  }
}

/** The 16 round keys of a DES key, each as eight 6-bit groups (in encryption order). */
export function desKeySchedule(key: Block64): Uint8Array {
  const keyBit = (n: number): number => (n <= 32 ? key.hi >>> (32 - n) : key.lo >>> (64 - n)) & 1;
  const cd = PC1.map(keyBit);
  const ks = new Uint8Array(16 * 8);
  for (let r = 0; r < 16; r++) {
    for (let s = 0; s < SHIFTS[r]; s++) {
      cd.splice(0, 28, ...cd.slice(1, 28), cd[0]);
      cd.splice(28, 28, ...cd.slice(29, 56), cd[28]);
    }
    for (let g = 0; g < 8; g++) {
      let v = 0;
      for (let b = 0; b < 6; b++) v = (v << 1) | cd[PC2[g * 6 + b] - 1];
      ks[r * 8 + g] = v;
    }
  }
  return ks;
}

/** Round keys in reverse order: DES decryption is encryption with the schedule reversed. */
export function reverseSchedule(ks: Uint8Array): Uint8Array {
  const rev = new Uint8Array(128);
  for (let r = 0; r < 16; r++) rev.set(ks.subarray((15 - r) * 8, (15 - r) * 8 + 8), r * 8);
  return rev;
}

/** Encrypts (or, with a reversed schedule, decrypts) one block; writes the result into `out` and returns it. */
export function desBlock(ks: Uint8Array, hi: number, lo: number, out: Block64): Block64 {
  const ih = IPT.hi;
  const il = IPT.lo;
  let l = ih[lo & 255] | ih[256 + ((lo >>> 8) & 255)] | ih[512 + ((lo >>> 16) & 255)] | ih[768 + (lo >>> 24)] |
    ih[1024 + (hi & 255)] | ih[1280 + ((hi >>> 8) & 255)] | ih[1536 + ((hi >>> 16) & 255)] | ih[1792 + (hi >>> 24)];
  let r = il[lo & 255] | il[256 + ((lo >>> 8) & 255)] | il[512 + ((lo >>> 16) & 255)] | il[768 + (lo >>> 24)] |
    il[1024 + (hi & 255)] | il[1280 + ((hi >>> 8) & 255)] | il[1536 + ((hi >>> 16) & 255)] | il[1792 + (hi >>> 24)];
  for (let k = 0; k < 128; k += 8) {
    // Expansion E: group g reads the 6 bits starting one left of bit 4g+1 (wrapping round the word).
    const f =
      SP[((r << 31) | (r >>> 1)) >>> 26 ^ ks[k]] |
      SP[64 + ((((r << 3) | (r >>> 29)) >>> 26) ^ ks[k + 1])] |
      SP[128 + ((((r << 7) | (r >>> 25)) >>> 26) ^ ks[k + 2])] |
      SP[192 + ((((r << 11) | (r >>> 21)) >>> 26) ^ ks[k + 3])] |
      SP[256 + ((((r << 15) | (r >>> 17)) >>> 26) ^ ks[k + 4])] |
      SP[320 + ((((r << 19) | (r >>> 13)) >>> 26) ^ ks[k + 5])] |
      SP[384 + ((((r << 23) | (r >>> 9)) >>> 26) ^ ks[k + 6])] |
      SP[448 + ((((r << 27) | (r >>> 5)) >>> 26) ^ ks[k + 7])];
    const t = r;
    r = l ^ f;
    l = t;
  }
  // The last round's halves are not swapped: the pre-output is R16 || L16.
  const fh = FPT.hi;
  const fl = FPT.lo;
  out.hi = (fh[l & 255] | fh[256 + ((l >>> 8) & 255)] | fh[512 + ((l >>> 16) & 255)] | fh[768 + (l >>> 24)] |
    fh[1024 + (r & 255)] | fh[1280 + ((r >>> 8) & 255)] | fh[1536 + ((r >>> 16) & 255)] | fh[1792 + (r >>> 24)]) >>> 0;
  out.lo = (fl[l & 255] | fl[256 + ((l >>> 8) & 255)] | fl[512 + ((l >>> 16) & 255)] | fl[768 + (l >>> 24)] |
    fl[1024 + (r & 255)] | fl[1280 + ((r >>> 8) & 255)] | fl[1536 + ((r >>> 16) & 255)] | fl[1792 + (r >>> 24)]) >>> 0;
  return out;
}
