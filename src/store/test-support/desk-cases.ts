/** @module Store contract cases for the call-centre desk: search by number and by name (accents, case, order, slips), and agents' notes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscriber } from '../../test-support/fixtures.js';
import type { StoreHarness } from './engines.js';
import { newCredit, verifyStore } from './helpers.js';

const SUBS = [
  subscriber(1, { metering: 'prepaid', holder_name: 'NDONG ESSONO Gisèle', phone: '+24177000001' }),
  subscriber(2, { holder_name: 'MBADINGA Jean-Pierre', phone: '+24166000002', contract_no: 'LBQ-97195913' }),
  subscriber(3, { service: 'water', power_kw: null, avg_monthly_use: 12, holder_name: 'OBAME Éloïse', phone: '+24166000002', agency: 'Owendo' }),
  subscriber(4, { category: 'professionnel', holder_name: 'Boulangerie du Port', phone: null }),
  subscriber(5, { holder_name: 'NDONG Gisela' }),
  subscriber(6, { holder_name: 'MOUSSAVOU Brice' }),
];

const names = async (h: StoreHarness, q: string, limit = 10) => (await h.store.subscribers.search(q, limit)).map((x) => x.subscriber.holder_name);

export function deskCases(h: () => StoreHarness): void {
  test('search: a meter, a contract (as printed or as typed) and a phone number find their subscribers exactly', async () => {
    const s = h().store.subscribers;
    await s.upsertBatch(SUBS);
    const meter = await s.search(SUBS[0].meter_no, 10);
    assert.deepEqual(meter.map((x) => [x.subscriber.contract_no, x.match, x.score]), [['C0000001', 'meter', 1]]);
    for (const typed of ['LBQ-97195913', 'lbq 97195913', 'LBQ97195913', ' lbq-97195913 ']) {
      const r = await s.search(typed, 10);
      assert.deepEqual(r.map((x) => [x.subscriber.contract_no, x.match]), [['LBQ-97195913', 'contract']], typed);
    }
    assert.deepEqual((await s.search('c0000004', 10)).map((x) => x.subscriber.holder_name), ['Boulangerie du Port']);
    for (const typed of ['+241 66 00 00 02', '066000002', '66 00 00 02']) {
      const r = await s.search(typed, 10);
      assert.deepEqual(r.map((x) => x.subscriber.contract_no).sort(), ['C0000003', 'LBQ-97195913'], `phone ${typed}: both subscribers on it`);
      assert.ok(r.every((x) => x.match === 'phone'), typed);
    }
    assert.deepEqual(await s.search('99999999999', 10), [], 'an unknown number finds nobody');
  });

  test('search by name tolerates accents, case, word order, a half-typed name and slips of spelling', async () => {
    await h().store.subscribers.upsertBatch(SUBS);
    const cases: [string, string][] = [
      ['gisele', 'NDONG ESSONO Gisèle'], ['GISÈLE NDONG', 'NDONG ESSONO Gisèle'], ['essono ndong', 'NDONG ESSONO Gisèle'],
      ['ndong esono', 'NDONG ESSONO Gisèle'], ['Ndong Essono Gisel', 'NDONG ESSONO Gisèle'], ['mbadingha', 'MBADINGA Jean-Pierre'],
      ['jean pierre mbadinga', 'MBADINGA Jean-Pierre'], ['mbadi', 'MBADINGA Jean-Pierre'], ['eloise obame', 'OBAME Éloïse'],
      ['Obamé Heloise', 'OBAME Éloïse'], ['moussavu', 'MOUSSAVOU Brice'], ['boulangerie', 'Boulangerie du Port'],
    ];
    for (const [q, expected] of cases) {
      const found = await names(h(), q);
      assert.equal(found[0], expected, `"${q}" finds ${expected} first (got ${JSON.stringify(found)})`);
    }
  });

  test('search by name ranks the closest first and keeps strangers out', async () => {
    await h().store.subscribers.upsertBatch(SUBS);
    assert.deepEqual((await names(h(), 'gisele ndong')).slice(0, 2), ['NDONG ESSONO Gisèle', 'NDONG Gisela']);
    assert.ok(!(await names(h(), 'gisele')).includes('MBADINGA Jean-Pierre'), 'no unrelated name');
    assert.deepEqual(await names(h(), 'zzyzx'), []);
    assert.equal((await names(h(), 'ndong', 1)).length, 1, 'at most limit hits');
    const owendo = await h().store.subscribers.search('obame', 10, { agency: 'Owendo' });
    assert.deepEqual(owendo.map((x) => x.subscriber.holder_name), ['OBAME Éloïse'], 'narrowed to the agency');
    assert.deepEqual(await h().store.subscribers.search('gisele', 10, { agency: 'Owendo' }), [], 'nobody of that name in that agency');
    const hit = (await h().store.subscribers.search('mbadingha', 5))[0];
    assert.equal(hit.match, 'name');
    assert.ok(hit.score > 0.5 && hit.score < 1, `a slip scores under an exact name (${hit.score})`);
  });

  test('search follows the registry: an import that renames a holder is found by the new name, not the old', async () => {
    const s = h().store.subscribers;
    await s.upsertBatch(SUBS);
    assert.equal((await names(h(), 'moussavou'))[0], 'MOUSSAVOU Brice');
    await s.upsertBatch([{ ...SUBS[5], holder_name: 'KOUMBA Brigitte' }, subscriber(7, { holder_name: 'NZIENGUI Aubin' })]);
    assert.deepEqual(await names(h(), 'moussavou'), []);
    assert.equal((await names(h(), 'koumba brigitte'))[0], 'KOUMBA Brigitte');
    assert.equal((await names(h(), 'nziengui'))[0], 'NZIENGUI Aubin');
    const byId = await s.byId((await s.findByContract('C0000007'))!.id);
    assert.equal(byId?.holder_name, 'NZIENGUI Aubin');
    assert.equal(await s.byId(999_999), undefined);
  });

  test('a subscriber\'s credits under every programme, newest first, with their row id, channel and phone', async () => {
    const st = h().store;
    await st.subscribers.upsertBatch(SUBS);
    const a = (await st.subscribers.findByContract('C0000001'))!;
    const b = (await st.subscribers.findByContract('LBQ-97195913'))!;
    await st.claims.commitCredits([newCredit(a, { channel: 'agent', phone: '+24177000001' }), newCredit(b)]);
    await st.claims.commitCredits([newCredit(a, { programme_id: 'autre-2021', cycle: 'phase-1' })]);
    const list = await st.claims.creditsOf(a.id);
    assert.deepEqual(list.map((c) => [c.programme_id, c.channel]), [['autre-2021', 'web'], ['gratuite-2020', 'agent']]);
    assert.equal(list[1].phone, '+24177000001');
    assert.equal(typeof list[0].id, 'number');
    assert.equal(list[0].token, newCredit(a).token, 'the token, for the agent who may read it out');
    assert.deepEqual(await st.claims.creditsOf(999_999), []);
    assert.deepEqual(await st.claims.totals(), [
      { programme_id: 'autre-2021', cycle: 'phase-1', service: 'electricity', metering: 'prepaid', agency: 'Libreville Centre', credits: 1, fcfa: 20_000 },
      { programme_id: 'gratuite-2020', cycle: 'phase-1', service: 'electricity', metering: 'postpaid', agency: 'Libreville Centre', credits: 1, fcfa: 20_000 },
      { programme_id: 'gratuite-2020', cycle: 'phase-1', service: 'electricity', metering: 'prepaid', agency: 'Libreville Centre', credits: 1, fcfa: 20_000 },
    ], 'totals by programme, cycle, agency, service and metering');
    const head = await st.claims.journalHead();
    assert.equal(head.seq, 3);
    const verified = await verifyStore(st);
    assert.ok(verified.ok, 'journal intact');
    assert.equal(head.hash, verified.head, 'the head as verify computes it');
    assert.equal(verified.entries, 3);
  });

  test('notes: added with their author, read back newest first, per subscriber', async () => {
    const st = h().store;
    await st.subscribers.upsertBatch(SUBS);
    const a = (await st.subscribers.findByContract('C0000001'))!;
    const b = (await st.subscribers.findByContract('C0000004'))!;
    const n1 = await st.console.notes.add({ subscriber_id: a.id, author: 'agent@seeg.ga', body: 'A rappelé : code non reçu.', created_at: '2020-04-01T08:00:00.000Z' });
    await st.console.notes.add({ subscriber_id: a.id, author: 'agent2@seeg.ga', body: 'SMS renvoyé.', created_at: '2020-04-01T09:00:00.000Z' });
    await st.console.notes.add({ subscriber_id: b.id, author: 'agent@seeg.ga', body: 'Autre abonné.', created_at: '2020-04-01T09:30:00.000Z' });
    assert.equal(typeof n1.id, 'number');
    const list = await st.console.notes.forSubscriber(a.id, 10);
    assert.deepEqual(list.map((n) => [n.author, n.body]), [['agent2@seeg.ga', 'SMS renvoyé.'], ['agent@seeg.ga', 'A rappelé : code non reçu.']]);
    assert.equal((await st.console.notes.forSubscriber(a.id, 1)).length, 1);
    assert.deepEqual(await st.console.notes.forSubscriber(999_999, 10), []);
  });
}
