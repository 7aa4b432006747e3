/** @module The per-meter decoder key cache: hits are the same prepared key, any changed input is a miss. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedMeterKey, clearMeterKeyCache, configureMeterKeyCache, deriveMeterKey, meterKeyCacheSize, StsError, type StsKeyData } from './index.js';

const key: StsKeyData = { iin: '600727', sgc: '123456', ti: '01', krn: 1, kt: 2, baseDate: '2014-01-01' };
const input = { vendingKey: 'abababababababab', meterNo: '00000000000', key };

test('a hit returns the same prepared key; each input that feeds the decoder key makes a miss', () => {
  clearMeterKeyCache();
  const a = cachedMeterKey(input);
  assert.equal(cachedMeterKey({ ...input, key: { ...key } }), a);
  for (const change of [{ sgc: '123457' }, { ti: '02' }, { krn: 2 }, { kt: 1 }, { ea: 'EA09' as const }, { baseDate: '1993-01-01' as const }]) {
    assert.notEqual(cachedMeterKey({ ...input, key: { ...key, ...change } }), a, JSON.stringify(change));
  }
  assert.notEqual(cachedMeterKey({ ...input, vendingKey: 'abababababababac' }), a);
  assert.notEqual(cachedMeterKey({ ...input, meterNo: '43135625622' }), a);
  assert.equal(cachedMeterKey({ vendingKey: input.vendingKey, pan: '600727000000000009', key }).decoderKeyHex(), a.decoderKeyHex());
});

test('changing the caller\'s object after a miss does not poison the cache', () => {
  clearMeterKeyCache();
  const k = { ...key };
  const mk = cachedMeterKey({ ...input, key: k });
  k.sgc = '999999';
  const other = cachedMeterKey({ ...input, key: k });
  assert.notEqual(other, mk);
  assert.equal(other.decoderKeyHex(), deriveMeterKey({ ...input, key: { ...key, sgc: '999999' } }).decoderKeyHex());
});

test('bounded: the oldest meter goes when full; 0 turns the cache off; bad input is never cached', () => {
  configureMeterKeyCache({ maxEntries: 2 });
  try {
    cachedMeterKey(input);
    cachedMeterKey({ ...input, meterNo: '43135625622' });
    cachedMeterKey({ ...input, meterNo: '43135625630' });
    assert.equal(meterKeyCacheSize(), 2);
    assert.throws(() => cachedMeterKey({ ...input, meterNo: '43135625623' }), StsError);
    assert.equal(meterKeyCacheSize(), 2);
    configureMeterKeyCache({ maxEntries: 0 });
    cachedMeterKey(input);
    assert.equal(meterKeyCacheSize(), 0);
  } finally {
    configureMeterKeyCache({ maxEntries: 50_000 });
  }
});

test('a PAN that contradicts the meter number or the IIN is refused', () => {
  assert.throws(() => deriveMeterKey({ ...input, pan: '600727431356256228' }), (e: unknown) => e instanceof StsError && e.code === 'bad_pan');
  assert.throws(() => deriveMeterKey({ vendingKey: input.vendingKey, pan: '000001000000000082', key }), (e: unknown) => e instanceof StsError && e.code === 'bad_pan');
  assert.equal(deriveMeterKey({ ...input, pan: '600727000000000009' }).pan, '600727000000000009');
});
