/** @module Our DES against the FIPS example and OpenSSL (des-ede-ecb with K||K is single DES). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { blockToHex, hexToBlock } from './bits.js';
import { desBlock, desKeySchedule, reverseSchedule } from './des.js';
import { prng } from './test-support/prng.js';

const des = (keyHex: string, dataHex: string): string => {
  const b = hexToBlock(dataHex, 'data');
  return blockToHex(desBlock(desKeySchedule(hexToBlock(keyHex)), b.hi, b.lo, { hi: 0, lo: 0 }));
};
const openssl = (keyHex: string, dataHex: string): string => {
  const c = createCipheriv('des-ede-ecb', Buffer.from(keyHex + keyHex, 'hex'), null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.from(dataHex, 'hex')), c.final()]).toString('hex');
};

test('the classic worked example', () => {
  assert.equal(des('133457799bbcdff1', '0123456789abcdef'), '85e813540f0ab405');
});

test('agrees with OpenSSL and decrypts back, on 3,000 random keys and blocks', () => {
  const r = prng(46);
  for (let i = 0; i < 3000; i++) {
    const k = r.hex(16);
    const d = r.hex(16);
    const c = des(k, d);
    assert.equal(c, openssl(k, d), `${k} ${d}`);
    const cb = hexToBlock(c, 'data');
    assert.equal(blockToHex(desBlock(reverseSchedule(desKeySchedule(hexToBlock(k))), cb.hi, cb.lo, { hi: 0, lo: 0 })), d);
  }
});
