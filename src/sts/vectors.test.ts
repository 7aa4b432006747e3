/** @module Every published vector (test-support/sts-public.json, sources in its `about`) reproduced through the library. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vectors } from './test-support/vectors.js';
import {
  crc50, decodeToken, deriveMeterKey, isValidLuhn, luhnCheckDigit, mintCreditToken, parsePan, parseUnits, tidAt, tokenCrc,
} from './index.js';

test('Luhn check digits', () => {
  for (const v of vectors.luhn_check_digit) {
    assert.equal(luhnCheckDigit(v.digits), v.check, v.digits);
    assert.ok(isValidLuhn(v.digits + v.check));
  }
});

test('CRC-16 of the published examples', () => {
  for (const v of vectors.crc16) {
    if (v.input_50_bits !== undefined) {
      assert.equal(crc50(Number(v.input_50_bits)), v.crc);
    } else {
      const crc = tokenCrc(v.class!, v.subclass!, v.rnd!, parseInt(v.tid_hex!, 16), parseInt(v.amount_hex!, 16));
      assert.equal(crc.toString(16).toUpperCase().padStart(4, '0'), v.crc_hex);
    }
  }
});

const keyOf = (v: { pan: string; sgc: string; ti: string; krn: string; kt: string }) => ({
  iin: parsePan(v.pan).iin, sgc: v.sgc, ti: v.ti, krn: v.krn, kt: v.kt, baseDate: '1993-01-01' as const,
});

test('DKGA02 decoder key', () => {
  for (const v of vectors.decoder_keys) {
    const dk = deriveMeterKey({ vendingKey: v.vending_key, pan: v.pan, key: keyOf(v) }).decoderKeyHex();
    // The reference suite prints its decoder key byte-reversed (it stores keys that way for its own STA bit
    // indexing): e653341f9d5bf36f here is 6ff35b9d1f3453e6 read from the other end. The four published
    // tokens reproduce only with this order, so it is the key the algorithm uses.
    assert.equal(dk, 'e653341f9d5bf36f');
    assert.equal(Buffer.from(dk, 'hex').reverse().toString('hex'), v.decoder_key);
  }
});

test('the four published tokens are minted exactly', () => {
  for (const v of vectors.tokens) {
    const { meterNo } = parsePan(v.pan);
    const token = mintCreditToken({
      vendingKey: v.vending_key, meterNo, key: { ...keyOf(v), ea: v.ea, dkga: v.dkga, baseDate: v.base_date },
      service: v.service, tenths: parseUnits(v.units), tid: tidAt(new Date(v.issued_at), v.base_date), rnd: v.rnd, cache: false,
    });
    assert.equal(token, v.token, v.step);
  }
});

test('the four published tokens decode back to their fields', () => {
  for (const v of vectors.tokens) {
    const d = decodeToken(v.token, { vendingKey: v.vending_key, pan: v.pan, key: { ...keyOf(v), ea: v.ea } });
    assert.deepEqual(
      { class: d.class, subclass: d.subclass, service: d.service, rnd: d.rnd, issued: d.issuedAt.toISOString(), tenths: d.tenths, crcOk: d.crcOk },
      { class: 0, subclass: v.service === 'water' ? 1 : 0, service: v.service, rnd: v.rnd, issued: new Date(v.issued_at).toISOString(), tenths: parseUnits(v.units), crcOk: true },
      v.step,
    );
  }
});
