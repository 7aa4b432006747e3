import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBatch, encodeBatch } from './writer-wire.js';
import type { NewCredit } from '../types.js';

const credit = (i: number, over: Partial<NewCredit> = {}): NewCredit => ({
  subscriber_id: i, contract_no: `C${i}`, meter_no: `M${i}`, programme_id: 'p', cycle: 'c', service: 'electricity',
  metering: 'prepaid', fcfa: 20_000, units_tenths: 1234, unit: 'kWh', token: '12345678901234567890', issuer: 'sts',
  channel: 'web', phone: '+24106000000', issued_at: '2020-04-01T08:00:00.000Z', tid: 42, code_id: 7, budget_fcfa: 1_000_000, ...over,
});

test('a batch crosses to the writer and back unchanged, nulls included', () => {
  const batch = [credit(1), credit(2, { token: null, phone: null, tid: null, code_id: null, budget_fcfa: null, metering: 'postpaid' })];
  assert.deepEqual(decodeBatch(encodeBatch(batch)), batch);
  assert.deepEqual(decodeBatch(encodeBatch([])), []);
});

test('a truncated batch is refused, not read shifted', () => {
  assert.throws(() => decodeBatch(encodeBatch([credit(1)]).slice(0, -1)), /not a whole number of credits/);
});
