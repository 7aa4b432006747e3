import { test } from 'node:test';
import type { NewCredit } from '../../domain/credit.js';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { decodeBatch, encodeBatch, transferOf } from './writer-wire.js';

const credit = (i: number, over: Partial<NewCredit> = {}): NewCredit => ({
  subscriber_id: i, contract_no: `C${i}`, meter_no: `M${i}`, programme_id: 'p', cycle: 'c', service: 'electricity',
  metering: 'prepaid', fcfa: 20_000, units_tenths: 1234, unit: 'kWh', token: '12345678901234567890', issuer: 'sts',
  channel: 'web', phone: '+24106000000', issued_at: '2020-04-01T08:00:00.000Z', tid: 42, code_id: 7, budget_fcfa: 1_000_000,
  sms: [{ to: '+24177000001', text: 'SEEG: Code 1234 5678 9012 3456 7890 à saisir', kind: 'credit' }],
  grievance_ticket: null, grievance_approver: null, ...over,
});

test('a batch crosses to the writer and back unchanged, nulls included', () => {
  const batch = [credit(1), credit(2, { token: null, phone: null, tid: null, code_id: null, budget_fcfa: null, metering: 'postpaid', sms: [] })];
  assert.deepEqual(decodeBatch(encodeBatch(batch)), batch);
  assert.deepEqual(decodeBatch(encodeBatch([])), []);
  // a credit claimed under a grievance's exception carries its ticket and approver across
  const excepted = [credit(3, { grievance_ticket: 'R-10K3QX', grievance_approver: 'sup@seeg.ga' })];
  assert.deepEqual(decodeBatch(encodeBatch(excepted)), excepted);
});

test('any text crosses unchanged: empty strings, accents, emoji (surrogate pairs), NUL and separators', () => {
  const odd = ['', 'Libreville – Akébé', '📱 +241', 'a\u0000b', '\u0001', '"quoted",;\n\t'];
  const batch = odd.map((s, i) => credit(i, { contract_no: s, meter_no: odd[(i + 1) % odd.length], phone: s, issuer: s }));
  assert.deepEqual(decodeBatch(encodeBatch(batch)), batch);
});

test('numbers cross exactly, large ids and zero included', () => {
  const batch = [credit(Number.MAX_SAFE_INTEGER, { fcfa: 0, units_tenths: 0, tid: 0, code_id: 0, budget_fcfa: 0 })];
  assert.deepEqual(decodeBatch(encodeBatch(batch)), batch);
});

test('a truncated or padded batch is refused, not read shifted', () => {
  const w = encodeBatch([credit(1), credit(2)]);
  assert.throws(() => decodeBatch({ ...w, nums: w.nums.slice(0, -1) }), /not a whole number of credits/);
  assert.throws(() => decodeBatch({ ...w, lens: w.lens.slice(0, -1) }), /not a whole number of credits/);
  assert.throws(() => decodeBatch({ ...w, text: w.text + 'x' }), /not a whole number of credits/);
});

test('the typed arrays are moved to the writer, not copied', () => {
  const w = encodeBatch([credit(1)]);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(w, transferOf(w));
  assert.equal(w.nums.length, 0, 'detached after the move');
  assert.equal(w.lens.length, 0);
  port1.close();
  port2.close();
});

test("a credit's two messages cross as they were, line breaks and empty text included; a separator in one is refused", () => {
  const sms = [
    { to: '+24177000001', text: 'SEEG: 20 000 FCFA\ncrédités', kind: 'credit' as const },
    { to: '+24166000002', text: '', kind: 'credit' as const },
  ];
  const batch = [credit(1, { sms }), credit(2, { sms: [sms[0]] })];
  assert.deepEqual(decodeBatch(encodeBatch(batch)), batch);
  assert.throws(() => encodeBatch([credit(3, { sms: [{ to: '+241', text: 'a\u001fb', kind: 'credit' }] })]), /U\+001E or U\+001F/);
});
