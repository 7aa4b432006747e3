import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainHash, entryBody, FACT_KEYS, tokenHash } from './entry.js';

// Pinned digests (computed once with createHash().update(prev).update('\n').update(body)): a faster hashing path
// must give byte-for-byte the same chain, or every journal already written would stop verifying.
test('the chain hash is SHA-256 of prev, a newline and the body, in UTF-8', () => {
  const body = '{"seq":1,"claim_id":"G-00000001","meter_no":"14123456789","holder":"Ndong Éloïse"}';
  assert.equal(chainHash('0'.repeat(64), body), '48d3a31b79a194d45394a3166d7ef4825325916b76130925074d217e8546a14c');
});

test('a token is journaled as its SHA-256 only; no token, no hash', () => {
  assert.equal(tokenHash('58000000000000000001'), '404ec0ef8dd5fd9a46d633f932338aa4053fae1d217ea77ae53ccdb58f3d4198');
  assert.equal(tokenHash(null), null);
});

test('an entry body is its facts in one fixed key order, seq first', () => {
  const facts = {
    claim_id: 'G-00000007', contract_no: 'LBV-1', meter_no: '14123456789', programme_id: 'gratuite-2020', cycle: 'phase-1',
    service: 'electricity', metering: 'prepaid', fcfa: 20000, units_tenths: 1600, unit: 'kWh', token_sha256: 'ab',
    issuer: 'sts', channel: 'web' as const, issued_at: '2020-04-01T08:00:00.000Z',
  };
  // Handed over in another order: the body must not follow it.
  const shuffled = Object.fromEntries(Object.entries(facts).reverse()) as typeof facts;
  const expected = '{"seq":7,"claim_id":"G-00000007","contract_no":"LBV-1","meter_no":"14123456789","programme_id":"gratuite-2020",'
    + '"cycle":"phase-1","service":"electricity","metering":"prepaid","fcfa":20000,"units_tenths":1600,"unit":"kWh",'
    + '"token_sha256":"ab","issuer":"sts","channel":"web","issued_at":"2020-04-01T08:00:00.000Z"}';
  assert.equal(entryBody(7, shuffled), expected);
  assert.deepEqual(Object.keys(JSON.parse(expected)).slice(1), [...FACT_KEYS]);
});
