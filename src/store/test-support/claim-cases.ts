/** @module Store contract cases for the claim path: exactly once, budget ceiling, code pool, TIDs, journal, concurrent writers. */
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { spendKey, type Channel, type CommitOutcome } from '../../domain/credit.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../contract.js';
import { verifyJournal } from '../../journal/verify.js';
import type { StoreHarness } from './engines.js';
import { collect, creditTotals, newCredit, seedSubscribers, verifyStore } from './helpers.js';

const SPEND = spendKey('gratuite-2020', 'phase-1');
const kinds = (o: CommitOutcome[]) => o.map((x) => x.kind);

export function claimCases(h: () => StoreHarness): void {
  test('commitCredits issues in batch order, with consecutive claim ids and journal seqs', async () => {
    const { store } = h();
    const subs = await seedSubscribers(store, 3);
    const out = await store.claims.commitCredits(subs.map((s) => newCredit(s)));
    assert.deepEqual(kinds(out), ['issued', 'issued', 'issued']);
    assert.deepEqual(out.map((o) => o.kind === 'issued' && [o.credit.claim_id, o.credit.journal_seq, o.credit.subscriber_id]),
      [['G-00000001', 1, subs[0].id], ['G-00000002', 2, subs[1].id], ['G-00000003', 3, subs[2].id]]);
    const replay = await collect(store.claims.creditsForReplay());
    assert.deepEqual(replay, out.map((o) => o.kind === 'issued' && o.credit));
    assert.deepEqual(await store.claims.spendByCycle(), new Map([[SPEND, 60_000]]));
    assert.deepEqual(await store.claims.commitCredits([]), []);
  });

  test('a duplicate inside one batch and across batches gets the credit committed first', async () => {
    const { store } = h();
    const [a, b] = await seedSubscribers(store, 2);
    const out = await store.claims.commitCredits([newCredit(a), newCredit(a, { channel: 'ussd' }), newCredit(b)]);
    assert.deepEqual(kinds(out), ['issued', 'duplicate', 'issued']);
    assert.deepEqual(out[1], { kind: 'duplicate', credit: (out[0] as { credit: unknown }).credit });
    const again = await store.claims.commitCredits([newCredit(b, { channel: 'sms', issued_at: '2020-04-02T00:00:00.000Z' })]);
    assert.deepEqual(again, [{ kind: 'duplicate', credit: (out[2] as { credit: unknown }).credit }]);
    // Another cycle is another credit.
    assert.deepEqual(kinds(await store.claims.commitCredits([newCredit(a, { cycle: 'phase-2' })])), ['issued']);
    assert.equal((await creditTotals(store)).count, 3);
    assert.deepEqual(await store.claims.spendByCycle(), new Map([[SPEND, 40_000], [spendKey('gratuite-2020', 'phase-2'), 20_000]]));
    assert.equal((await verifyStore(store)).ok, true);
  });

  test('budget ceiling is exact to the franc, within a batch and across batches', async () => {
    const { store } = h();
    const s = await seedSubscribers(store, 6);
    const budget = { budget_fcfa: 50_000 };
    const first = await store.claims.commitCredits([newCredit(s[0], budget), newCredit(s[1], budget), newCredit(s[2], budget)]);
    assert.deepEqual(kinds(first), ['issued', 'issued', 'budget_exhausted']);
    const second = await store.claims.commitCredits([newCredit(s[3], { ...budget, fcfa: 10_001 }), newCredit(s[4], { ...budget, fcfa: 10_000 })]);
    assert.deepEqual(kinds(second), ['budget_exhausted', 'issued']);
    assert.deepEqual(kinds(await store.claims.commitCredits([newCredit(s[5], { ...budget, fcfa: 1 })])), ['budget_exhausted']);
    assert.deepEqual(await store.claims.spendByCycle(), new Map([[SPEND, 50_000]]));
    assert.deepEqual(await creditTotals(store), { count: 3, fcfa: 50_000 });
  });

  test('budget ceiling holds with two committers at once: never a franc over', async () => {
    const { store, peer } = h();
    const other = await peer();
    const subs = await seedSubscribers(store, 80);
    const budget = 610_000;
    const fcfa = (s: StoredSubscriber) => (s.id % 2 === 0 ? 15_000 : 20_000);
    const refused: number[] = [];
    const run = async (st: Store, mine: StoredSubscriber[]) => {
      for (let i = 0; i < mine.length; i += 4) {
        const batch = mine.slice(i, i + 4).map((s) => newCredit(s, { fcfa: fcfa(s), budget_fcfa: budget }));
        const out = await st.claims.commitCredits(batch);
        out.forEach((o, k) => o.kind === 'budget_exhausted' && refused.push(batch[k].fcfa));
      }
    };
    await Promise.all([run(store, subs.filter((s) => s.id % 4 < 2)), run(other, subs.filter((s) => s.id % 4 >= 2))]);
    const totals = await creditTotals(store);
    const spent = (await store.claims.spendByCycle()).get(SPEND)!;
    assert.ok(spent <= budget, `spent ${spent} > budget ${budget}`);
    assert.equal(spent, totals.fcfa);
    assert.ok(refused.length > 0, 'the budget ran out');
    // Every refusal was right: spend only grows, so a credit refused then would still not fit now.
    for (const f of refused) assert.ok(spent + f > budget, `a ${f} FCFA credit was refused while ${budget - spent} FCFA remained`);
    assert.equal((await verifyStore(store)).ok, true);
  });

  test('a pool code is handed out once, within a batch and across batches', async () => {
    const { store } = h();
    const s = await seedSubscribers(store, 4, () => ({ metering: 'prepaid' }));
    const codes = [{ meter_no: s[0].meter_no, cycle: 'phase-1', token: '11112222333344445555', units_tenths: 1600 },
      { meter_no: s[0].meter_no, cycle: 'phase-1', token: '66667777888899990000', units_tenths: 1600 }];
    assert.equal(await store.codes.addCodes(codes, '2020-03-30T00:00:00.000Z'), 2);
    assert.equal(await store.codes.addCodes(codes.slice(0, 1), '2020-03-31T00:00:00.000Z'), 0, 'a token already pooled is skipped');
    assert.deepEqual(await store.codes.prepaidMeters([s[0].meter_no, '123']), new Set([s[0].meter_no]));
    const free = await collect(store.codes.freeCodes());
    assert.deepEqual(free.map((c) => c.token), codes.map((c) => c.token));
    const [x, y] = free.map((c) => c.id);
    const out = await store.claims.commitCredits([newCredit(s[0], { code_id: x }), newCredit(s[1], { code_id: x })]);
    assert.deepEqual(kinds(out), ['issued', 'code_taken']);
    assert.deepEqual(kinds(await store.claims.commitCredits([newCredit(s[2], { code_id: x }), newCredit(s[3], { code_id: y })])),
      ['code_taken', 'issued']);
    assert.deepEqual(await collect(store.codes.freeCodes()), []);
    assert.equal((await creditTotals(store)).count, 2);
  });

  test('the last TID of a meter is recorded with its credit and never lowered', async () => {
    const { store } = h();
    const [a, b] = await seedSubscribers(store, 2, () => ({ metering: 'prepaid' }));
    await store.claims.commitCredits([newCredit(a, { tid: 5_000_000 }), newCredit(a, { cycle: 'phase-2', tid: 5_000_100 }), newCredit(b, { tid: 7 })]);
    const lower = await store.claims.commitCredits([newCredit(a, { cycle: 'phase-3', tid: 4_000_000 })]);
    assert.deepEqual(lower, [{ kind: 'tid_taken', last_tid: 5_000_100 }]);
    assert.deepEqual(await collect(store.subscribers.lastTids()), [{ id: a.id, last_tid: 5_000_100 }, { id: b.id, last_tid: 7 }]);
  });

  test('a token id the meter already has (from another node) is refused with that last id; nothing is written for it', async () => {
    const { store } = h();
    const [a, b] = await seedSubscribers(store, 2, () => ({ metering: 'prepaid' }));
    await store.claims.commitCredits([newCredit(a, { tid: 5_000_100 })]);
    const out = await store.claims.commitCredits([
      newCredit(a, { cycle: 'phase-2', tid: 5_000_100 }), newCredit(a, { cycle: 'phase-3', tid: 4_000_000 }),
      newCredit(b, { tid: 7 }), newCredit(a, { cycle: 'phase-4', tid: 5_000_101 }),
    ]);
    assert.deepEqual(out.map((o) => o.kind), ['tid_taken', 'tid_taken', 'issued', 'issued']);
    assert.deepEqual(out.slice(0, 2), [{ kind: 'tid_taken', last_tid: 5_000_100 }, { kind: 'tid_taken', last_tid: 5_000_100 }]);
    assert.deepEqual(await collect(store.subscribers.lastTids()), [{ id: a.id, last_tid: 5_000_101 }, { id: b.id, last_tid: 7 }]);
    assert.equal((await creditTotals(store)).count, 3);
    assert.equal((await verifyStore(store)).ok, true);
  });

  test('the journal chain verifies after many batches; replay and export walk credits in journal order', async () => {
    const { store } = h();
    const subs = await seedSubscribers(store, 300);
    for (let i = 0; i < subs.length; i += 7) {
      await store.claims.commitCredits(subs.slice(i, i + 7).map((s, k) => newCredit(s, { issued_at: new Date(Date.UTC(2020, 3, 1, 8, 0, i + k)).toISOString() })));
    }
    const r = await verifyStore(store);
    assert.deepEqual(r.ok && r.entries, 300);
    const entries = await collect(store.claims.journalEntries());
    assert.equal(entries.at(-1)?.hash, r.head);
    const stored = await collect(store.claims.storedCredits());
    assert.deepEqual(stored.map((c) => c.journal_seq), entries.map((e) => e.seq));
    const postpaid = await collect(store.claims.exportCredits('phase-1', { all: false }));
    assert.equal(postpaid.length, 200);
    assert.ok(postpaid.every((c) => c.metering === 'postpaid' && !('token' in c)));
    assert.equal((await collect(store.claims.exportCredits('phase-1', { all: true }))).length, 300);
    assert.equal((await collect(store.claims.exportCredits('phase-9', { all: true }))).length, 0);
  });

  test('journal verification reads one snapshot while another node keeps committing', async () => {
    const { store, peer } = h();
    const other = await peer();
    const subs = await seedSubscribers(store, 40);
    await store.claims.commitCredits(subs.slice(0, 10).map((s) => newCredit(s)));
    const r = await store.claims.readJournal(async (v) => {
      const entries = await collect(v.entries());
      // Committed between the two walks: seen by neither, or the credits would outrun their entries.
      await other.claims.commitCredits(subs.slice(10).map((s) => newCredit(s)));
      return verifyJournal(entries, await collect(v.credits()));
    });
    assert.deepEqual(r.ok && r.entries, 10);
    assert.deepEqual((await verifyStore(store)).ok && 40, 40);
  });

  test('two writers at once on overlapping subscribers: one credit each, the chain verifies, spend is the sum', async () => {
    const { store, peer } = h();
    const other = await peer();
    const subs = await seedSubscribers(store, 240);
    const outcomes = new Map<number, CommitOutcome[]>();
    const run = async (st: Store, order: StoredSubscriber[], size: number, channel: Channel) => {
      for (let i = 0; i < order.length; i += size) {
        const batch = order.slice(i, i + size);
        const out = await st.claims.commitCredits(batch.map((s) => newCredit(s, { channel, fcfa: 10_000 + s.id })));
        out.forEach((o, k) => outcomes.set(batch[k].id, [...(outcomes.get(batch[k].id) ?? []), o]));
      }
    };
    await Promise.all([run(store, subs, 20, 'web'), run(other, [...subs].reverse(), 25, 'ussd')]);
    for (const s of subs) {
      const o = outcomes.get(s.id)!;
      assert.deepEqual(kinds(o).sort(), ['duplicate', 'issued'], `subscriber ${s.id}`);
      const [x, y] = o as { credit: { claim_id: string } }[];
      assert.equal(x.credit.claim_id, y.credit.claim_id);
    }
    // Both won some: the writers really ran side by side, not one after the other.
    const winners = new Set([...outcomes.values()].flat().filter((o) => o.kind === 'issued').map((o) => o.kind === 'issued' && o.credit.journal_seq));
    assert.equal(winners.size, subs.length);
    const byChannel = new Set((await collect(other.claims.storedCredits())).map((c) => c.channel));
    assert.deepEqual([...byChannel].sort(), ['ussd', 'web']);
    const totals = await creditTotals(other);
    assert.equal(totals.count, subs.length);
    assert.equal((await store.claims.spendByCycle()).get(SPEND), totals.fcfa);
    assert.equal(totals.fcfa, subs.reduce((n, s) => n + 10_000 + s.id, 0));
    const r = await verifyStore(other);
    assert.deepEqual(r.ok && r.entries, subs.length);
  });
}
