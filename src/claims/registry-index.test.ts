import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredSubscriber } from '../domain/subscriber.js';
import { RegistryIndex } from './registry-index.js';

const sub = (id: number, over: Partial<StoredSubscriber> = {}): StoredSubscriber => ({
  id, contract_no: `LBV-${String(id).padStart(8, '0')}`, meter_no: String(10_000_000_000 + id), service: 'electricity', metering: 'prepaid',
  tariff: 'social', power_kw: 3.3, avg_monthly_use: 87.5, category: 'particulier', holder_name: `Ndong Élodie ${id}`, agency: 'Libreville',
  district: 'Akébé', phone: '+24106000000', sts_iin: '600727', sts_sgc: '123456', sts_ti: '01', sts_krn: 1, sts_kt: '2', sts_base_date: '1993-01-01',
  ...over,
});
const water = (id: number): StoredSubscriber => sub(id, {
  service: 'water', metering: 'postpaid', power_kw: null, phone: null, district: '', sts_iin: null, sts_sgc: null, sts_ti: null, sts_krn: null, sts_kt: null,
  sts_base_date: null, contract_no: `W${id}`, holder_name: "N'Goma Ève-Marie «Ô» 日本",
});

test('every field comes back as put, in the store\'s order, found by meter, by contract as typed, and in all()', () => {
  const subs = [sub(1), water(2), sub(3, { power_kw: 0, avg_monthly_use: 0, sts_krn: 9, contract_no: 'A.B/C_D-9' })];
  const index = new RegistryIndex(subs);
  assert.equal(index.size, 3);
  for (const s of subs) {
    assert.deepEqual(index.meter(s.meter_no), s);
    assert.deepEqual(Object.keys(index.meter(s.meter_no)!), Object.keys(sub(9)));
  }
  assert.deepEqual(index.contract('lbv 00000001'), subs[0]);
  assert.deepEqual(index.contract('LBV-00000001'), subs[0]);
  assert.deepEqual(index.contract('w2'), subs[1]);
  assert.deepEqual(index.contract('abcd9'), subs[2]);
  assert.deepEqual(index.contract('A.B/C_D-9'), subs[2]);
  assert.equal(index.meter('10000000004'), undefined);
  assert.equal(index.contract('LBV-00000004'), undefined);
  assert.deepEqual([...index.all()], subs);
  // A fresh object each time: a caller that changes it changes nothing in the index.
  index.meter(subs[0].meter_no)!.holder_name = 'changed';
  assert.equal(index.meter(subs[0].meter_no)!.holder_name, subs[0].holder_name);
});

test('a refresh replaces a subscriber: a meter moved to another contract, then taken by someone else', () => {
  const index = new RegistryIndex([sub(1), sub(2)]);
  const moved = sub(1, { meter_no: '55555555555', holder_name: 'Nouveau titulaire', phone: null });
  index.put(moved);
  assert.equal(index.size, 2);
  assert.deepEqual(index.meter('55555555555'), moved);
  assert.equal(index.meter(sub(1).meter_no), undefined);
  assert.deepEqual(index.contract(sub(1).contract_no), moved);
  // Subscriber 2 takes the meter 1 had, then 1 changes again: 2 keeps the meter it took.
  const took = sub(2, { meter_no: sub(1).meter_no });
  index.put(took);
  assert.deepEqual(index.meter(sub(1).meter_no), took);
  assert.equal(index.meter(sub(2).meter_no), undefined);
  index.put(sub(1, { meter_no: '66666666666' }));
  assert.deepEqual(index.meter('66666666666'), sub(1, { meter_no: '66666666666' }));
  assert.equal(index.meter('55555555555'), undefined);
  assert.deepEqual(index.meter(sub(1).meter_no), took);
  assert.deepEqual([...index.all()].map((s) => s.id), [1, 2]);
});

test('many subscribers, refreshed over and over: tables grow, replaced rows\' bytes are reclaimed, sparse ids', () => {
  const n = 20_000;
  const index = new RegistryIndex();
  for (let i = 1; i <= n; i++) index.put(i % 2 ? sub(i) : water(i));
  index.put(sub(2 ** 40));
  const before = index.memoryBytes;
  for (let round = 0; round < 5; round++) {
    for (let i = 1; i <= n; i += 3) index.put(sub(i, { holder_name: `Round ${round} ${i}`, meter_no: String(20_000_000_000 + round * n + i) }));
  }
  assert.equal(index.size, n + 1);
  for (let i = 1; i <= n; i++) {
    const changed = (i - 1) % 3 === 0;
    const want = changed ? sub(i, { holder_name: `Round 4 ${i}`, meter_no: String(20_000_000_000 + 4 * n + i) }) : i % 2 ? sub(i) : water(i);
    assert.deepEqual(index.meter(want.meter_no), want);
    assert.deepEqual(index.contract(want.contract_no), want);
    if (changed) assert.equal(index.meter(sub(i).meter_no), undefined);
  }
  assert.deepEqual(index.meter(sub(2 ** 40).meter_no), sub(2 ** 40));
  assert.ok(index.memoryBytes < before * 3, `${index.memoryBytes} bytes after the refreshes, ${before} before`);
});

test('thousands of distinct values in a coded column', () => {
  const index = new RegistryIndex();
  for (let i = 1; i <= 70_000; i++) index.put(sub(i, { district: `D${i}` }));
  for (const i of [1, 255, 256, 65_535, 65_536, 70_000]) assert.equal(index.meter(sub(i).meter_no)!.district, `D${i}`);
});
