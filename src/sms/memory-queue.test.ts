/** @module Tests: the in-memory SmsQueue: order, leases, front and back requeues, due times, receipts settled once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySmsQueue } from './memory-queue.js';
import type { DeliveryReceipt } from './smpp/receipt.js';

const receipt = (messageId: string, state: DeliveryReceipt['state'], stat: string): DeliveryReceipt => ({ messageId, smscMessageId: messageId, state, stat });

test('take: due jobs in order, leased (never handed out twice), n at most', async () => {
  const q = new MemorySmsQueue();
  for (let i = 1; i <= 5; i++) q.add(`2410600000${i}`, `m${i}`);
  assert.deepEqual((await q.take(2)).map((j) => j.id), [1, 2]);
  assert.deepEqual((await q.take(10)).map((j) => j.id), [3, 4, 5]);
  assert.deepEqual(await q.take(10), []);
  assert.deepEqual(q.counts(), { queued: 0, leased: 5, sent: 0, delivered: 0, failed: 0 });
});

test('retry: front goes ahead of everyone, back behind; not before its delay; counters stored as given', async () => {
  const clock = { t: 0 };
  const q = new MemorySmsQueue({ now: () => clock.t });
  for (let i = 1; i <= 4; i++) q.add(`2410600000${i}`, `m${i}`);
  const [a, b] = await q.take(2);
  await q.retry({ ...b, unanswered: 1 }, { delayMs: 0, front: true, reason: 'no submit_sm_resp' });
  await q.retry(a, { delayMs: 100, front: true, reason: 'ESME_RTHROTTLED' });
  assert.deepEqual((await q.take(10)).map((j) => j.id), [2, 3, 4], 'job 1 not due yet, job 2 first');
  clock.t = 100;
  const [again] = await q.take(10);
  assert.equal(again.id, 1);
  assert.equal(q.get(2)!.job.unanswered, 1);
  await q.sent({ ...again, attempts: 1 }, '6699');
  assert.equal((await q.receipt(receipt('6699', 'undeliverable', 'UNDELIV')))?.attempts, 1);
  await q.retry({ ...again, attempts: 1 }, { delayMs: 0, front: false, reason: 'UNDELIV' });
  q.add('24106000009', 'm9');
  assert.deepEqual((await q.take(10)).map((j) => j.id), [1, 5]);
  assert.deepEqual(q.get(1)!.history, ['retry front ESME_RTHROTTLED', 'sent 6699', 'receipt UNDELIV', 'retry back UNDELIV']);
});

test('receipts: matched by message id once; delivered settles; an unknown id or a second receipt gives null', async () => {
  const q = new MemorySmsQueue();
  q.add('24106000001', 'a');
  q.add('24106000002', 'b');
  const [a, b] = await q.take(2);
  await q.sent({ ...a, attempts: 1 }, '10');
  await q.sent({ ...b, attempts: 1 }, '11');
  assert.equal(await q.receipt(receipt('99', 'delivered', 'DELIVRD')), null);
  assert.deepEqual(await q.receipt(receipt('10', 'delivered', 'DELIVRD')), { ...a, attempts: 1 });
  assert.equal(await q.receipt(receipt('10', 'delivered', 'DELIVRD')), null, 'the same receipt sent twice');
  assert.equal(q.get(1)!.state, 'delivered');
  // An unknown outcome keeps the id open for a better receipt later.
  assert.ok(await q.receipt(receipt('11', 'unknown', 'ACCEPTD')));
  assert.ok(await q.receipt(receipt('11', 'delivered', 'DELIVRD')));
  assert.deepEqual(q.counts(), { queued: 0, leased: 0, sent: 0, delivered: 2, failed: 0 });
});

test('a job not leased cannot be marked: a dispatcher bug shows at once', async () => {
  const q = new MemorySmsQueue();
  const job = q.add('24106000001', 'a');
  await assert.rejects(q.sent(job, '1'), /not leased/);
  await assert.rejects(q.failed(job, 'x'), /not leased or sent/);
  const [taken] = await q.take(1);
  await q.failed(taken, 'ESME_RINVDSTADR (0x0000000b)');
  assert.equal(q.get(1)!.reason, 'ESME_RINVDSTADR (0x0000000b)');
  await assert.rejects(q.retry(taken, { delayMs: 0, front: true, reason: 'x' }), /not leased or sent/);
});
