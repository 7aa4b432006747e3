/** @module Store contract cases for subscribers, programmes and settings: the same expectations on every engine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Subscriber } from '../../domain/subscriber.js';
import { builtinProgramme } from '../../programmes/index.js';
import { subscriber } from '../../test-support/fixtures.js';
import type { StoreHarness } from './engines.js';
import { collect } from './helpers.js';

const post = (i: number, over: Partial<Subscriber> = {}) => subscriber(i, over);

export function registryCases(h: () => StoreHarness): void {
  test('subscriber upsert counts added, updated and unchanged rows', async () => {
    const s = h().store.subscribers;
    assert.deepEqual(await s.upsertBatch([post(1), post(2), post(3)]), { added: 3, updated: 0, unchanged: 0, rejected: [] });
    assert.deepEqual(await s.upsertBatch([post(1, { holder_name: 'Autre' }), post(2), post(4)]), { added: 1, updated: 1, unchanged: 1, rejected: [] });
    // The same contract twice in one batch: added, then updated, as if the rows came one at a time.
    assert.deepEqual(await s.upsertBatch([post(5), post(5, { power_kw: 6 })]), { added: 1, updated: 1, unchanged: 0, rejected: [] });
    assert.equal((await s.findByContract('C0000005'))?.power_kw, 6);
    assert.equal(await s.count(), 5);
  });

  test('a meter held by another contract is refused per row, and the rest of the batch lands', async () => {
    const s = h().store.subscribers;
    await s.upsertBatch([post(1)]);
    const r = await s.upsertBatch([post(2), post(3, { meter_no: post(1).meter_no }), post(4)]);
    assert.deepEqual(r, { added: 2, updated: 0, unchanged: 0,
      rejected: [{ index: 1, reason: `meter_conflict: meter_no ${post(1).meter_no} already belongs to contract C0000001` }] });
    // Inside one batch: the second claimant of a meter is refused.
    const twice = await s.upsertBatch([post(5, { meter_no: '777777' }), post(6, { meter_no: '777777' })]);
    assert.deepEqual(twice.rejected.map((x) => x.index), [1]);
    // A contract moves to a new meter, and a new contract takes the old one, in the same batch: both land.
    const swap = await s.upsertBatch([post(1, { meter_no: '888888' }), post(7, { meter_no: post(1).meter_no })]);
    assert.deepEqual(swap, { added: 1, updated: 1, unchanged: 0, rejected: [] });
    assert.equal((await s.findByMeter(post(1).meter_no))?.contract_no, 'C0000007');
    assert.equal((await s.findByMeter('888888'))?.contract_no, 'C0000001');
    assert.equal(await s.count(), 5);
  });

  test('a row the store refuses for another reason is reported, not thrown, and does not undo the batch', async () => {
    const s = h().store.subscribers;
    const broken = { ...post(2), service: 'gas' } as unknown as Subscriber;
    const r = await s.upsertBatch([post(1), broken, post(3)]);
    assert.equal(r.added, 2);
    assert.equal(r.rejected.length, 1);
    assert.equal(r.rejected[0].index, 1);
    assert.match(r.rejected[0].reason, /^store_error: /);
    assert.equal(await s.count(), 2);
  });

  test('stored rows read back exactly: by meter, by contract in any case, and in a full scan in id order', async () => {
    const s = h().store.subscribers;
    const prepaid = subscriber(1, { metering: 'prepaid' });
    const water = post(2, { service: 'water', power_kw: null, avg_monthly_use: 12.5, phone: null });
    await s.upsertBatch([prepaid, water]);
    const { id, ...rest } = (await s.findByMeter(prepaid.meter_no))!;
    assert.equal(typeof id, 'number');
    assert.deepEqual(rest, prepaid);
    assert.deepEqual(await s.findByContract('c0000002'), { ...water, id: id + 1 });
    assert.equal(await s.findByMeter('99999999'), undefined);
    assert.equal(await s.findByContract('NOPE'), undefined);
    const all = await collect(s.iterateAll());
    assert.deepEqual(all.map((x) => x.contract_no), ['C0000001', 'C0000002']);
    assert.deepEqual(all[1], { ...water, id: id + 1 });
    assert.deepEqual(await collect(s.lastTids()), []);
  });

  test('awkward text and exact numbers read back as written; a batch of known and new contracts counts each right', async () => {
    const s = h().store.subscribers;
    const odd = ['Tab\there', 'Back\\slash \\N', 'Line\nbreak\r\nand CR', 'Éloïse Ndong-Obiang 📱', '\\.', ''];
    await s.upsertBatch(Array.from({ length: 100 }, (_, i) => post(i + 1)));
    // 100 known contracts (the even ones changed, the odd ones as stored), then 100 new ones with the odd values.
    const batch = Array.from({ length: 200 }, (_, i) => (i < 100 && i % 2 === 1 ? post(i + 1) : post(i + 1, {
      holder_name: `${odd[i % odd.length]} ${i}`, district: odd[i % odd.length], power_kw: i >= 100 ? 0.1 + i / 3 : 2.5,
    })));
    const r = await s.upsertBatch(batch);
    assert.deepEqual(r, { added: 100, updated: 50, unchanged: 50, rejected: [] });
    for (const i of [0, 1, 2, 3, 4, 5, 100, 101, 102, 103, 104, 105, 199]) {
      const { id: _, ...back } = (await s.findByContract(batch[i].contract_no))!;
      assert.deepEqual(back, batch[i], `row ${i}`);
    }
    assert.equal(await s.count(), 200);
  });

  test('changedSince and lastChange follow what an import changed; an unchanged row keeps its stamp', async () => {
    const s = h().store.subscribers;
    assert.equal(await s.lastChange(), null);
    await s.upsertBatch([post(1), post(2), post(3)]);
    const first = await s.lastChange();
    assert.ok(first);
    assert.equal((await collect(s.changedSince(first))).length, 3);
    await s.upsertBatch([post(1), post(2, { phone: '+24166000000' })]);
    const second = await s.lastChange();
    assert.ok(second && second > first);
    assert.deepEqual((await collect(s.changedSince(second))).map((x) => x.contract_no), ['C0000002']);
    await s.upsertBatch([post(1), post(2, { phone: '+24166000000' })]);
    assert.equal(await s.lastChange(), second, 'a re-import of the same rows changes nothing');
  });

  test('programmes: the one loaded last is in force, stamps strictly increase even from a clock behind', async () => {
    const { store, peer } = h();
    const p = store.programmes;
    assert.equal(await p.latest(), null);
    assert.equal(await p.lastLoadedAt(), null);
    const a = builtinProgramme();
    const b = { ...builtinProgramme(), id: 'relief-b', name: 'Relief B' };
    const t1 = await p.saveStamped(a);
    const t2 = await p.saveStamped(b);
    assert.ok(t2 > t1);
    assert.equal((await p.latest())?.id, 'relief-b');
    // Another node whose clock is a year behind still stamps after the last load.
    const other = await peer(() => new Date('2019-04-01T08:00:00Z'));
    const t3 = await other.programmes.saveStamped(a);
    assert.ok(t3 > t2, `${t3} > ${t2}`);
    assert.equal((await p.latest())?.id, a.id);
    assert.equal(await p.lastLoadedAt(), t3);
    assert.deepEqual((await p.entries()).map((e) => [e.programme.id, e.loaded_at]), [[a.id, t3], ['relief-b', t2]]);
    assert.deepEqual((await p.list()).map((x) => x.id), [a.id, 'relief-b']);
    assert.deepEqual(await p.get('relief-b'), b);
    assert.equal(await p.get('nope'), null);
    await assert.rejects(p.save({ ...a, id: '' }), /is invalid/);
  });

  test('settings, ping and location', async () => {
    const { store } = h();
    assert.equal(await store.setting('demo'), null);
    await store.setSetting('demo', '1');
    await store.setSetting('demo', '0');
    assert.equal(await store.setting('demo'), '0');
    assert.equal(await store.ping(), true);
    assert.ok(store.location.length > 0);
    assert.doesNotMatch(store.location, /:[^:@/]+@/, 'no password in the location');
  });
}
