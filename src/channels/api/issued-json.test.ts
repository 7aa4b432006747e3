import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issuedBody, issuedJson, claimAnswer } from './claims.js';
import type { CreditRecord } from '../../domain/credit.js';

const credit = (over: Partial<CreditRecord> = {}): CreditRecord => ({
  subscriber_id: 7, programme_id: 'gratuite-2020', cycle: 'phase-1', service: 'electricity', metering: 'prepaid', fcfa: 20000,
  units_tenths: 1826, unit: 'kWh', token: '27303307467913327882', issued_at: '2026-12-02T06:41:01.589Z', claim_id: 'G-00000001',
  journal_seq: 1, ...over,
});

test('the issued answer written by hand is JSON.stringify of its body, byte for byte', () => {
  const cases: CreditRecord[] = [
    credit(),
    credit({ token: null, metering: 'postpaid', service: 'water', unit: 'm³', units_tenths: 50 }),
    credit({ units_tenths: 1, fcfa: 0 }),
    credit({ units_tenths: 123456789, fcfa: 1e21 }),
    credit({ units_tenths: Number.NaN, fcfa: Infinity }),
    credit({ cycle: 'phase "2"\\\n\t', unit: '\u0001\u001f', claim_id: 'G-\ud800x', issued_at: 'é€😀' }),
    credit({ cycle: '' }),
  ];
  for (const c of cases) {
    for (const replayed of [false, true]) assert.equal(issuedJson(c, replayed), JSON.stringify(issuedBody(c, replayed)));
  }
});

test('a 200 carries its JSON and still shows its body (Fastify sends the body, the direct path the JSON)', () => {
  const c = credit();
  const a = claimAnswer({ kind: 'issued', credit: c, subscriber: null as never, replayed: false }, 'r1');
  assert.equal(a.status, 200);
  assert.deepEqual(a.headers, { 'cache-control': 'no-store' });
  assert.equal(a.json, JSON.stringify(a.body));
  assert.deepEqual(a.body, issuedBody(c, false));
});
