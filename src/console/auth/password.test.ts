/** @module Tests: scrypt hashing at the real cost (timed), salts, tampered and unreadable hashes, NFC, the concurrency gate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PARAMS, hashPassword, needsRehash, parseHash, verifyPassword } from './password.js';

const FAST = { N: 1024, r: 8, p: 1 };

test('the default hash is scrypt N=2^17 r=8 p=1 with a 16-byte salt, and verifies (timed)', async () => {
  const t0 = performance.now();
  const h = await hashPassword('tortue verte sous la pluie');
  const hashMs = performance.now() - t0;
  assert.match(h, /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  const p = parseHash(h)!;
  assert.deepEqual(p.params, DEFAULT_PARAMS);
  assert.equal(p.salt.length, 16);
  assert.equal(p.key.length, 32);
  const t1 = performance.now();
  assert.equal(await verifyPassword('tortue verte sous la pluie', h), true);
  const verifyMs = performance.now() - t1;
  assert.equal(await verifyPassword('tortue verte sous la pluie!', h), false);
  assert.equal(needsRehash(h), false);
  console.log(`scrypt N=2^17 r=8 p=1 on this machine: hash ${hashMs.toFixed(0)} ms, verify ${verifyMs.toFixed(0)} ms`);
});

test('each hash has its own salt; the parameters travel with the hash', async () => {
  const a = await hashPassword('the same password', FAST);
  const b = await hashPassword('the same password', FAST);
  assert.notEqual(a, b);
  assert.match(a, /^scrypt\$1024\$8\$1\$/);
  assert.equal(await verifyPassword('the same password', a), true);
  assert.equal(await verifyPassword('the same password', b), true);
  // Stored with other parameters than today's: a login stores it again.
  assert.equal(needsRehash(a), true);
  assert.equal(needsRehash(a, FAST), false);
});

test('one changed byte of the stored key or salt fails the check', async () => {
  const h = await hashPassword('pirogue sur la Ngounié', FAST);
  const parts = h.split('$');
  const flip = (b64: string) => {
    const buf = Buffer.from(b64, 'base64');
    buf[3] ^= 1;
    return buf.toString('base64');
  };
  assert.equal(await verifyPassword('pirogue sur la Ngounié', [...parts.slice(0, 5), flip(parts[5])].join('$')), false);
  assert.equal(await verifyPassword('pirogue sur la Ngounié', [...parts.slice(0, 4), flip(parts[4]), parts[5]].join('$')), false);
});

test('a password typed with é as one character or as e + accent is the same password (NFC)', async () => {
  const composed = 'café au lait du matin';
  const decomposed = composed.normalize('NFD');
  assert.notEqual(composed, decomposed);
  assert.equal(await verifyPassword(decomposed, await hashPassword(composed, FAST)), true);
});

test('stored strings we would not write are refused, never run', async () => {
  const good = await hashPassword('x'.repeat(12), FAST);
  const [, , r, p, salt, key] = good.split('$');
  const bad = [
    '', 'plain-text-password', 'bcrypt$10$abc', `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
    `scrypt$16777216$${r}$${p}$${salt}$${key}`, // 2^24: 2 GiB of memory asked by an edited row
    `scrypt$1024$0$${p}$${salt}$${key}`, `scrypt$1024$${r}$${p}$${salt.slice(0, 8)}$${key}`, `scrypt$1024$${r}$${p}$${salt}$%%%`,
    `scrypt$1024$${r}$${p}$${salt}`,
  ];
  for (const b of bad) {
    assert.equal(parseHash(b), null, b);
    assert.equal(await verifyPassword('x'.repeat(12), b), false, b);
    assert.equal(needsRehash(b), true, b);
  }
});

test('many hashes at once all finish (two run at a time)', async () => {
  const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => hashPassword(`password number ${i}`, FAST)));
  const checks = await Promise.all(hashes.map((h, i) => verifyPassword(`password number ${i}`, h)));
  assert.deepEqual(checks, [true, true, true, true, true, true]);
});
