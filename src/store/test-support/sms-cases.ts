/** @module Store contract cases for the SMS outbox: written with its credit, drained in journal order, leased once across handles, settled by the lease holder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SmsJob } from '../../domain/sms.js';
import type { StoreHarness } from './engines.js';
import { newCredit, seedSubscribers } from './helpers.js';

const T0 = Date.parse('2020-04-01T08:00:00.000Z');
const msg = (to: string, text = 'SEEG: code 1234') => ({ to, text, kind: 'credit' as const });

export function smsCases(h: () => StoreHarness): void {
  test('a credit\'s messages are committed with it, in journal order; a refused credit queues none', async () => {
    const { store } = h();
    const subs = await seedSubscribers(store, 4);
    const out = await store.claims.commitCredits([
      newCredit(subs[2], { sms: [msg('+24177000003'), msg('+24166000003', 'answer')] }),
      newCredit(subs[0], { sms: [msg('+24177000001')] }),
      newCredit(subs[1], { sms: [msg('+24177000002')], budget_fcfa: 10 }), // refused: over the ceiling
    ]);
    assert.deepEqual(out.map((o) => o.kind), ['issued', 'issued', 'budget_exhausted'], 'the third credit is refused');
    const jobs = await store.sms.take(10, 'node-a', T0, 60_000);
    assert.deepEqual(jobs.map((j) => j.to), ['24177000003', '24166000003', '24177000001'], 'journal order, no message for the refused credit');
    assert.deepEqual((await store.sms.counts()).sending, 3, 'taken messages are sending');
    assert.deepEqual(await store.sms.counts('phase-1'), { queued: 0, sending: 3, sent: 0, delivered: 0, failed: 0 }, 'counted by the credits\' cycle');
  });

  test('writes in order, where the store says so: a receipt asked before its sent has finished still finds the message', async (t) => {
    const { store } = h();
    if (!store.sms.writesInOrder) return t.skip('this engine does not promise it (several pooled connections): the dispatcher waits instead');
    await store.sms.enqueue([msg('+24177009999')]);
    const [job] = await store.sms.take(1, 'a', Date.now(), 60_000);
    const sent = store.sms.sent(job, 'a', 'ORD1');
    const receipt = store.sms.receipt('ORD1', true, 'DELIVRD');
    assert.equal(await sent, true);
    assert.equal((await receipt)?.id, job.id, 'the receipt found the message the sent had just recorded');
    assert.equal((await store.sms.counts()).delivered, 1);
  });

  test('leases: two handles never take the same message; an expired lease is taken again; only the holder settles', async () => {
    const { store, peer } = h();
    const other = await peer();
    const ids = await store.sms.enqueue(Array.from({ length: 30 }, (_, i) => ({ to: `+2417700${String(i).padStart(4, '0')}`, text: `m${i}`, kind: 'reply' as const })));
    assert.equal(ids.length, 30, 'thirty queued');
    const t = Date.now();
    const [a, b] = await Promise.all([store.sms.take(20, 'a', t, 60_000), other.sms.take(20, 'b', t, 60_000)]);
    const seen = new Set([...a, ...b].map((j) => j.id));
    assert.equal(a.length + b.length, 30, `every message taken once (${a.length} + ${b.length})`);
    assert.equal(seen.size, 30, 'no message taken by both');
    assert.equal((await other.sms.take(5, 'b', t + 1000, 60_000)).length, 0, 'nothing due while leased');
    const job = a[0];
    assert.equal(await other.sms.sent(job, 'b', 'X1'), false, 'a node not holding the lease cannot settle it');
    assert.equal(await store.sms.sent(job, 'a', 'X1'), true, 'the holder can');
    // Both die holding the rest: after their leases every message not sent is due again.
    const again = await other.sms.take(50, 'b', t + 61_000, 60_000);
    assert.equal(again.length, 29, 'the messages leased and never settled (all but the one sent) are taken again');
    assert.ok(!again.some((j) => j.id === job.id), 'a sent message is never taken again');
  });

  test('retry (front or back, after a delay), failure, receipts by message id, release of a node\'s leases', async () => {
    const { store } = h();
    const [x, y, z] = await store.sms.enqueue([msg('+24177000001', 'x'), msg('+24177000002', 'y'), msg('+24177000003', 'z')]);
    const t = Date.now();
    const jobs = await store.sms.take(3, 'a', t, 60_000);
    const byId = (id: number) => jobs.find((j) => j.id === id)!;
    assert.equal(await store.sms.retry({ ...byId(z), attempts: 0 }, 'a', { dueAt: t, front: true, reason: 'ESME_RTHROTTLED' }), true, 'z back at the front');
    assert.equal(await store.sms.retry(byId(x), 'a', { dueAt: t + 300_000, front: false, reason: 'UNDELIV' }), true, 'x due in 5 minutes');
    assert.equal(await store.sms.failed(byId(y), 'a', 'ESME_RINVDSTADR'), true, 'y failed');
    const next = await store.sms.take(3, 'a', t + 1, 60_000);
    assert.deepEqual(next.map((j) => j.id), [z], 'only z is due: x waits, y failed');
    assert.equal(await store.sms.sent({ ...next[0], attempts: 1 }, 'a', 'ID-Z'), true, 'z sent');
    const undelivered = await store.sms.receipt('ID-Z', false, 'UNDELIV');
    assert.equal(undelivered?.id, z, 'a receipt finds its message');
    assert.equal(undelivered?.attempts, 1, 'with its attempts');
    assert.equal((await store.sms.counts()).sent, 1, 'an UNDELIV receipt changes nothing by itself: the dispatcher decides');
    const delivered = await store.sms.receipt('ID-Z', true, 'DELIVRD');
    assert.equal(delivered?.id, z, 'a DELIVRD receipt too');
    assert.equal(await store.sms.receipt('ID-Z', true, 'DELIVRD'), null, 'a receipt sent twice finds nothing the second time');
    assert.equal(await store.sms.receipt('NOPE', true, 'DELIVRD'), null, 'an unknown id finds nothing');
    assert.deepEqual(await store.sms.counts(), { queued: 1, sending: 0, sent: 0, delivered: 1, failed: 1 }, 'states after all that');
    const later: SmsJob[] = await store.sms.take(3, 'a', t + 300_001, 60_000);
    assert.deepEqual(later.map((j) => j.id), [x], 'x is due after its delay');
    assert.equal(await store.sms.release('a'), 1, 'a node\'s leases released');
    assert.deepEqual((await store.sms.take(3, 'b', t + 300_002, 60_000)).map((j) => j.id), [x], 'and taken at once by another');
    const hist = await store.sms.history({ phone: '+24177000002' }, 10);
    assert.equal(hist[0]?.state, 'failed', 'history shows a phone\'s messages and their states');
    assert.equal(hist[0]?.reason, 'ESME_RINVDSTADR', 'and why one failed');
  });
}
