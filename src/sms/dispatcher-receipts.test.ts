/** @module Tests: delivery receipts over the wire driving the retry policy: UNDELIV, EXPIRED, TLV and text forms, hex and decimal ids. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from './test-support/pair.js';
import { phones, rig } from './test-support/rig.js';

test('UNDELIV receipts: submitted again by the policy, three attempts, then failed with the stat and error', async () => {
  const r = await rig({ failures: [{ match: '24104', kind: 'undeliverable' }] });
  try {
    const job = r.queue.add('24104000001', 'téléphone éteint');
    await r.settled('failed', 1);
    const rec = r.queue.get(job.id)!;
    assert.equal(rec.reason, 'UNDELIV after 3 attempts (err 001)');
    assert.equal(rec.job.attempts, 3);
    assert.equal(r.sim.stats.accepted, 3);
    assert.deepEqual(rec.history.filter((h) => h.startsWith('retry')), ['retry back UNDELIV (err 001)', 'retry back UNDELIV (err 001)']);
    assert.equal(r.sender.stats.receipts.undeliverable, 3);
    assert.equal(r.sim.inbox.of('24104000001').length, 0);
  } finally {
    await r.close();
  }
});

test('UNDELIV, then the phone is back: delivered at the second attempt', async () => {
  const r = await rig({ failures: [{ match: '24104', kind: 'undeliverable' }] }, {}, { redeliveryDelayMs: () => 300 });
  try {
    const job = r.queue.add('24104000001', 'x');
    await until(() => r.sender.stats.receipts.undeliverable === 1, 'the UNDELIV receipt');
    r.sim.update({ failures: [] });
    await r.settled('delivered', 1);
    assert.equal(r.queue.get(job.id)!.job.attempts, 2);
    assert.equal(r.sim.inbox.of('24104000001').length, 1);
  } finally {
    await r.close();
  }
});

test('EXPIRED told by the TLVs alone (no text): retried, then failed; no error code to quote', async () => {
  const r = await rig({ failures: [{ match: '24103', kind: 'expired' }], receiptForm: 'tlv' }, {}, { maxAttempts: 2 });
  try {
    const job = r.queue.add('24103000001', 'x');
    await r.settled('failed', 1);
    assert.equal(r.queue.get(job.id)!.reason, 'EXPIRED after 2 attempts');
    assert.equal(r.sim.stats.accepted, 2);
  } finally {
    await r.close();
  }
});

test('hex ids in submit_sm_resp and decimal ones in the receipt text (and the reverse) match once the sender knows the style', async () => {
  for (const [idStyle, receiptIdStyle] of [['hex', 'decimal'], ['decimal', 'hex']] as const) {
    const r = await rig({ idStyle, receiptIdStyle, receiptForm: 'text' }, { messageIds: { resp: idStyle, receiptText: receiptIdStyle } });
    try {
      for (const n of phones('24106', 5)) r.queue.add(n, 'x');
      await r.settled('delivered', 5);
      assert.equal(r.dispatcher.stats.receiptsUnmatched, 0);
    } finally {
      await r.close();
    }
  }
  // Told nothing, the sender compares ids as written: 1a2b is not 6699, and no job is settled.
  const r = await rig({ idStyle: 'hex', receiptIdStyle: 'decimal', receiptForm: 'text' });
  try {
    for (const n of phones('24106', 5)) r.queue.add(n, 'x');
    await until(() => r.dispatcher.stats.receiptsUnmatched === 5, 'five unmatched receipts');
    assert.equal(r.queue.counts().sent, 5);
  } finally {
    await r.close();
  }
});

test('receipts sent while the line was cut arrive after the next bind and still settle their jobs', async () => {
  // The receipts fall due at 200 ms, while the sender waits 400 ms before binding again: the simulator keeps them.
  const r = await rig({ dlrDelayMs: 200 }, { reconnect: { firstMs: 400, capMs: 400, stableMs: 60_000 } });
  try {
    for (const n of phones('24106', 3)) r.queue.add(n, 'x');
    await r.settled('sent', 3);
    r.sim.dropConnections();
    await r.settled('delivered', 3);
    assert.ok(r.sim.stats.binds >= 2, `${r.sim.stats.binds} binds`);
    // A job settles before its deliver_sm_resp is written (the answer waits for the handler): wait for the SMSC's count.
    await until(() => r.sim.stats.receiptsAcked === 3, () => `${r.sim.stats.receiptsAcked} receipts acknowledged`);
  } finally {
    await r.close();
  }
});
