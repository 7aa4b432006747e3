/** @module DES (FIPS 46-3) on two 32-bit halves, for DKGA02 and EA09. */
// Node 20's OpenSSL refuses des-ecb. des-ede-ecb with K||K is the same cipher, but one createCipheriv per block
// costs ~40 times this table-driven code (see bench.ts); the tests check it against OpenSSL on random keys and blocks.
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

// PC1 by key byte (C and D as 28-bit integers) and PC2 by 7-bit chunk of C or D (24 output bits each: PC2's
// first 24 bits come only from C, the last 24 only from D). The schedule is then ~100 lookups, not ~800 bit moves:
// it runs for every meter the claim path has not seen yet (EA09 decoder keys) and for each new vending key.
const PC1_C = new Int32Array(8 * 256);
const PC1_D = new Int32Array(8 * 256);
PC1.forEach((src, i) => {
  const j = (src - 1) >> 3;
  const mask = 0x80 >> ((src - 1) & 7);
  for (let v = 0; v < 256; v++) {
    if ((v & mask) === 0) continue;
    if (i < 28) PC1_C[j * 256 + v] |= 1 << (27 - i);
    else PC1_D[j * 256 + v] |= 1 << (55 - i);
  }
});
const PC2_C = new Int32Array(4 * 128);
const PC2_D = new Int32Array(4 * 128);
PC2.forEach((pos, i) => {
  const p = i < 24 ? pos - 1 : pos - 29; // 0..27 within C or D, from the most significant bit
  const table = i < 24 ? PC2_C : PC2_D;
  const k = (p / 7) | 0;
  const mask = 64 >> (p % 7);
  for (let v = 0; v < 128; v++) if (v & mask) table[k * 128 + v] |= 1 << (23 - (i % 24));
});

/** The 16 round keys of a DES key, each as eight 6-bit groups (in encryption order). */
export function desKeySchedule(key: Block64): Uint8Array {
  let c = 0;
  let d = 0;
  for (let j = 0; j < 8; j++) {
    const v = (j < 4 ? key.hi >>> (24 - 8 * j) : key.lo >>> (56 - 8 * j)) & 255;
    c |= PC1_C[j * 256 + v];
    d |= PC1_D[j * 256 + v];
  }
  const ks = new Uint8Array(16 * 8);
  for (let r = 0; r < 16; r++) {
    const n = SHIFTS[r];
    c = ((c << n) | (c >>> (28 - n))) & 0xfffffff;
    d = ((d << n) | (d >>> (28 - n))) & 0xfffffff;
    const k24c = PC2_C[c >>> 21] | PC2_C[128 + ((c >>> 14) & 127)] | PC2_C[256 + ((c >>> 7) & 127)] | PC2_C[384 + (c & 127)];
    const k24d = PC2_D[d >>> 21] | PC2_D[128 + ((d >>> 14) & 127)] | PC2_D[256 + ((d >>> 7) & 127)] | PC2_D[384 + (d & 127)];
    const o = r * 8;
    ks[o] = k24c >>> 18;
    ks[o + 1] = (k24c >>> 12) & 63;
    ks[o + 2] = (k24c >>> 6) & 63;
    ks[o + 3] = k24c & 63;
    ks[o + 4] = k24d >>> 18;
    ks[o + 5] = (k24d >>> 12) & 63;
    ks[o + 6] = (k24d >>> 6) & 63;
    ks[o + 7] = k24d & 63;
  }
  return ks;
}

/** Round keys in reverse order: DES decryption is encryption with the schedule reversed. */
export function reverseSchedule(ks: Uint8Array): Uint8Array {
  const rev = new Uint8Array(128);
  for (let r = 0; r < 16; r++) for (let g = 0; g < 8; g++) rev[r * 8 + g] = ks[(15 - r) * 8 + g];
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
