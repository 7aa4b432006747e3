/** @module STA (EA07): decryption undoes encryption; a key or data change spreads over the whole block. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staDecrypt, staEncrypt, staKeySchedule } from './sta.js';
import { prng } from './test-support/prng.js';

const popcount = (x: number): number => {
  let n = 0;
  for (x >>>= 0; x; x &= x - 1) n++;
  return n;
};

test('decrypt(encrypt(x)) = x for 5,000 random keys and blocks', () => {
  const r = prng(7);
  const out = { hi: 0, lo: 0 };
  for (let i = 0; i < 5000; i++) {
    const ks = staKeySchedule({ hi: r.int(2 ** 32), lo: r.int(2 ** 32) });
    const hi = r.int(2 ** 32);
    const lo = r.int(2 ** 32);
    const e = staEncrypt(ks, hi, lo, out);
    const d = staDecrypt(ks, e.hi, e.lo, { hi: 0, lo: 0 });
    assert.deepEqual(d, { hi, lo });
  }
});

test('one flipped ciphertext bit changes about half the plaintext bits', () => {
  const r = prng(8);
  let total = 0;
  let n = 0;
  for (let i = 0; i < 200; i++) {
    const ks = staKeySchedule({ hi: r.int(2 ** 32), lo: r.int(2 ** 32) });
    const hi = r.int(2 ** 32);
    const lo = r.int(2 ** 32);
    for (let b = 0; b < 64; b++) {
      const d = staDecrypt(ks, b >= 32 ? (hi ^ (1 << (b - 32))) >>> 0 : hi, b < 32 ? (lo ^ (1 << b)) >>> 0 : lo, { hi: 0, lo: 0 });
      const o = staDecrypt(ks, hi, lo, { hi: 0, lo: 0 });
      total += popcount(d.hi ^ o.hi) + popcount(d.lo ^ o.lo);
      n++;
    }
  }
  const mean = total / n;
  assert.ok(mean > 24 && mean < 40, `mean bits changed ${mean}`);
});
