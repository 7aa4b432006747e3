/** @module Properties over thousands of random meters and credits: mint -> decode round trips, foreign keys fail. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { decodeToken, deriveMeterKey, luhnCheckDigit, meterKeyFromDecoderKey, mintCreditToken, tokenCrc } from './index.js';
import { randomCredit, randomMeter } from './test-support/cases.js';
import { prng } from './test-support/prng.js';

test('encode -> decode round trip: 4,000 random keys, amounts, TIDs, IIN forms, base dates, EA07 and EA09', () => {
  const r = prng(20260101);
  const seen = { EA07: 0, EA09: 0, iin4: 0, iin6: 0, '1993-01-01': 0, '2014-01-01': 0 };
  for (let i = 0; i < 4000; i++) {
    const m = randomMeter(r);
    const c = randomCredit(r);
    const token = mintCreditToken({ ...m, ...c });
    assert.match(token, /^\d{20}$/);
    // Decoded by a meter that knows only its decoder key, as a real one.
    const dk = deriveMeterKey(m).decoderKeyHex();
    const d = decodeToken(token, meterKeyFromDecoderKey(dk, { baseDate: m.key.baseDate, ea: m.key.ea }));
    assert.deepEqual(
      { class: d.class, service: d.service, tenths: d.tenths, tid: d.tid, rnd: d.rnd, crcOk: d.crcOk },
      { class: 0, service: c.service, tenths: c.tenths, tid: c.tid, rnd: c.rnd, crcOk: true },
      JSON.stringify({ m, c }),
    );
    seen[m.key.ea!]++;
    seen[m.key.iin === '0000' ? 'iin4' : 'iin6']++;
    seen[m.key.baseDate]++;
  }
  for (const [k, n] of Object.entries(seen)) assert.ok(n > 1500, `${k}: ${n}`);
});

test('EA09 tokens decrypt with OpenSSL DES under the decoder key', () => {
  const r = prng(99);
  for (let i = 0; i < 300; i++) {
    const m = randomMeter(r);
    m.key.ea = 'EA09';
    const c = randomCredit(r);
    const v = BigInt(mintCreditToken({ ...m, ...c }));
    // Undo the class-bit transposition, then decrypt the 64-bit block independently of our DES.
    const block = (v & ((1n << 64n) - 1n) & ~(3n << 27n)) | ((v >> 64n) << 27n);
    const d = createDecipheriv('des-ede-ecb', Buffer.from(deriveMeterKey(m).decoderKeyHex().repeat(2), 'hex'), null);
    d.setAutoPadding(false);
    const plain = BigInt('0x' + Buffer.concat([d.update(Buffer.from(block.toString(16).padStart(16, '0'), 'hex')), d.final()]).toString('hex'));
    const sub = Number(plain >> 60n);
    const tid = Number((plain >> 32n) & 0xffffffn);
    const amount = Number((plain >> 16n) & 0xffffn);
    assert.equal(sub, c.service === 'water' ? 1 : 0);
    assert.equal(tid, c.tid);
    assert.equal(Number(plain & 0xffffn), tokenCrc(0, sub, Number((plain >> 56n) & 15n), tid, amount));
  }
});

test('a token decoded with another meter\'s key fails its CRC (all but about 1 in 65,536)', () => {
  const r = prng(5150);
  let passed = 0;
  for (let i = 0; i < 3000; i++) {
    const a = randomMeter(r);
    const token = mintCreditToken({ ...a, ...randomCredit(r) });
    // An unrelated meter using the same algorithm.
    const b = randomMeter(r);
    if (decodeToken(token, { ...b, key: { ...b.key, ea: a.key.ea } }).crcOk) passed++;
    // Same vending key and key data, the meter number one digit away: just as foreign.
    const body = a.meterNo.slice(0, -2) + ((Number(a.meterNo.at(-2)) + 1) % 10);
    if (decodeToken(token, { ...a, meterNo: body + luhnCheckDigit(body) }).crcOk) passed++;
  }
  assert.ok(passed <= 1, `${passed} of 6,000 foreign decodes passed the CRC`);
});
