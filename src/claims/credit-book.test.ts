import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimId, type CreditRecord } from '../domain/credit.js';
import { CreditBook, isIsoTime, isoTime } from './credit-book.js';

const rec = (id: number, seq: number, over: Partial<CreditRecord> = {}): CreditRecord => ({
  subscriber_id: id, programme_id: 'gratuite-2020', cycle: 'phase-1', service: 'electricity', metering: 'prepaid', fcfa: 5000,
  units_tenths: 423, unit: 'kWh', token: '01234567890123456789', issued_at: '2020-04-02T08:00:00.123Z', claim_id: claimId(seq),
  journal_seq: seq, ...over,
});

test('a committed credit comes back field for field, in the same shape, token and timestamp byte for byte', () => {
  const book = new CreditBook<Promise<string>>();
  const cases = [
    rec(1, 1),
    rec(2, 2, { token: null, metering: 'postpaid', service: 'water', unit: 'm3', units_tenths: 70, fcfa: 0 }),
    rec(3, 3, { token: '00000000000000000000' }),
    rec(4, 99_999_999_999, { token: '99999999999999999999', issued_at: '1970-01-01T00:00:00.000Z' }),
    rec(5, 5, { programme_id: 'autre', cycle: 'c2' }),
  ];
  for (const r of cases) book.put(r);
  for (const r of cases) assert.deepEqual(book.get(r.subscriber_id, r.programme_id, r.cycle), r);
  assert.deepEqual(Object.keys(book.get(1, 'gratuite-2020', 'phase-1')!), Object.keys(rec(1, 1)));
  assert.equal(book.get(1, 'gratuite-2020', 'phase-2'), undefined);
  assert.equal(book.get(5, 'gratuite-2020', 'phase-1'), undefined);
  assert.equal(book.get(6, 'gratuite-2020', 'phase-1'), undefined);
  assert.equal(book.size, 5);
});

test('a record the compact form cannot give back exactly is kept whole', () => {
  const book = new CreditBook<never>();
  const odd = [
    rec(10, 10, { claim_id: 'N2-00000010' }),
    rec(11, 11, { issued_at: '2020-04-02T08:00:00Z' }),
    rec(12, 12, { issued_at: '2020-04-02 08:00:00+00' }),
    rec(13, 13, { token: '1234 5678 9012 3456 7890' }),
    rec(14, 14, { token: '123456789012345678' }),
    rec(15, 15, { fcfa: 12.5 }),
  ];
  for (const r of odd) book.put(r);
  for (const r of odd) assert.deepEqual(book.get(r.subscriber_id, r.programme_id, r.cycle), r);
  assert.equal(book.size, odd.length);
  // Put again in a form that fits: the whole one goes, the compact one answers.
  book.put(rec(10, 10));
  assert.deepEqual(book.get(10, 'gratuite-2020', 'phase-1'), rec(10, 10));
  assert.equal(book.size, odd.length);
});

test('many credits, sparse and huge ids, and more distinct values than a byte holds', () => {
  const book = new CreditBook<never>();
  const ids = [...Array.from({ length: 5000 }, (_, i) => i * 7 + 1), 2 ** 26 + 3, 2 ** 40, 0];
  ids.forEach((id, i) => book.put(rec(id, i + 1, { fcfa: i, token: String(i).padStart(20, '7') })));
  ids.forEach((id, i) => assert.deepEqual(book.get(id, 'gratuite-2020', 'phase-1'), rec(id, i + 1, { fcfa: i, token: String(i).padStart(20, '7') })));
  assert.equal(book.get(9, 'gratuite-2020', 'phase-1'), undefined);
  for (let i = 0; i < 300; i++) book.put(rec(100_000 + i, 100_000 + i, { unit: `u${i}` }));
  for (let i = 0; i < 300; i++) assert.equal(book.get(100_000 + i, 'gratuite-2020', 'phase-1')!.unit, `u${i}`);
  assert.equal(book.size, ids.length + 300);
});

test('a claim in flight is found before any committed credit, then replaced by its credit or abandoned', () => {
  const book = new CreditBook<Promise<string>>();
  const p = Promise.resolve('x');
  book.begin(7, 'gratuite-2020', 'phase-1', p);
  assert.equal(book.get(7, 'gratuite-2020', 'phase-1'), p);
  assert.equal(book.get(7, 'gratuite-2020', 'phase-2'), undefined);
  assert.equal(book.size, 1);
  book.put(rec(7, 1));
  assert.deepEqual(book.get(7, 'gratuite-2020', 'phase-1'), rec(7, 1));
  assert.equal(book.size, 1);
  book.begin(8, 'gratuite-2020', 'phase-1', p);
  book.abandon(8, 'gratuite-2020', 'phase-1');
  assert.equal(book.get(8, 'gratuite-2020', 'phase-1'), undefined);
  assert.equal(book.size, 1);
});

test('isoTime writes what toISOString writes', () => {
  const edges = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(1900, 1, 28), Date.UTC(2100, 2, 1),
    Date.UTC(0, 0, 1) - 1, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1, -62_198_755_200_000, 8.64e15, -8.64e15];
  for (const ms of edges) assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
  let x = 12345;
  for (let i = 0; i < 200_000; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const ms = Math.round((x / 2_147_483_648 - 0.3) * 2e14) + i;
    assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
  }
});

test('isIsoTime says whether a string is exactly what toISOString writes for that instant', () => {
  const edges = [0, -1, 1, 86_399_999, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1, -62_198_755_200_000, 8.64e15];
  let x = 6789;
  const all = [...edges];
  for (let i = 0; i < 50_000; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    all.push(Math.round((x / 2_147_483_648 - 0.3) * 2e14) + i);
  }
  for (const ms of all) {
    const s = new Date(ms).toISOString();
    assert.equal(isIsoTime(ms, s), true, s);
    // One character off anywhere, the next or previous millisecond, another form of the same instant: false.
    for (let i = 0; i < s.length; i += 3) assert.equal(isIsoTime(ms, s.slice(0, i) + (s[i] === '1' ? '2' : '1') + s.slice(i + 1)), false, `${s} at ${i}`);
    if (ms < 8.64e15) assert.equal(isIsoTime(ms + 1, s), false);
    assert.equal(isIsoTime(ms - 1, s), false);
    assert.equal(isIsoTime(ms, s.replace('Z', '+00:00')), false);
  }
});
