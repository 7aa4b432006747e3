/** @module Tests: the SMS thread's line to the writer thread: its operations in order, in one message a turn, woken when messages become due, failing apart, and never hanging once the writer is gone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxMessage } from '../../domain/sms.js';
import { until } from '../../test-support/until.js';
import { newCredit, seedSubscribers } from '../test-support/helpers.js';
import { SqliteAsyncStore } from './async.js';
import { SmsPortClient } from './sms-port.js';
import { SqliteStore } from './store.js';
import { SqliteWriter } from './writer.js';

async function rig() {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-sms-port-'));
  const path = join(dir, 'guichet.db');
  const store = new SqliteAsyncStore(SqliteStore.open(path), { writer: new SqliteWriter(path) });
  let wakes = 0;
  const port = store.sms.openPort?.() ?? null;
  assert.ok(port, 'a store with a writer thread opens a port');
  const client = new SmsPortClient(port, Date.now, () => wakes++);
  return { store, client, wakes: () => wakes, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const reply = (to: string): OutboxMessage => ({ to, text: 'SEEG: code 1234', kind: 'reply' });

test('a turn\'s operations are applied in order: a receipt asked right after its sent finds the message sent', async () => {
  const r = await rig();
  try {
    await r.store.sms.enqueue([reply('+24177000001'), reply('+24177000002')]);
    const jobs = await r.client.take(5, 'n', Date.now(), 60_000);
    assert.equal(jobs.length, 2);
    const sent = jobs.map((j, i) => r.client.sent(j, 'n', `M${i}`));
    // Same turn, before the sent is written: the writer keeps the order.
    const receipt = r.client.receipt('M0', true, 'DELIVRD');
    assert.deepEqual(await Promise.all(sent), [true, true]);
    assert.equal((await receipt)?.id, jobs[0].id, 'the receipt names the message sent under M0');
    const c = await r.store.sms.counts();
    assert.equal(c.delivered, 1);
    assert.equal(c.sent, 1);
  } finally {
    await r.close();
  }
});

test('operations waiting when a group commit comes ride in it; the credits stand whatever they do', async () => {
  const r = await rig();
  try {
    const subs = await seedSubscribers(r.store, 2);
    await r.store.sms.enqueue([reply('+24177000003')]);
    const [job] = await r.client.take(1, 'n', Date.now(), 60_000);
    const sent = r.client.sent(job, 'n', 'X1');
    const bad = r.client.enqueue([{ to: '+24177000004', text: null as unknown as string, kind: 'reply' }]);
    const issued = r.store.claims.commitCredits([newCredit(subs[0])]);
    assert.deepEqual((await issued).map((o) => o.kind), ['issued'], 'the credit committed');
    // The two came in one turn, one savepoint: the bad one undoes both, as on the HTTP thread's line.
    await assert.rejects(bad, /NOT NULL/);
    await assert.rejects(sent, /NOT NULL/);
    assert.equal((await r.store.sms.counts()).sending, 1, 'the message is still leased, to be sent again when the lease runs out');
    assert.equal(await r.client.sent(job, 'n', 'X1'), true, 'the next turn stands on its own');
  } finally {
    await r.close();
  }
});

test('a take that found nothing is followed by a wake-up when messages are queued or credits committed, once each', async () => {
  const r = await rig();
  try {
    const subs = await seedSubscribers(r.store, 2);
    assert.deepEqual(await r.client.take(5, 'n', Date.now(), 60_000), []);
    await r.store.claims.commitCredits([newCredit(subs[0])]);
    await until(() => r.wakes() === 1, 5_000, 'no wake-up after a commit');
    await r.store.claims.commitCredits([newCredit(subs[1])]);
    await r.store.sms.enqueue([reply('+24177000005')]);
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(r.wakes(), 1, 'no wake-up while the dispatcher has not looked again');
    assert.equal((await r.client.take(5, 'n', Date.now(), 60_000)).length, 1);
    assert.deepEqual(await r.client.take(5, 'n', Date.now(), 60_000), []);
    await r.store.sms.enqueue([reply('+24177000006')]);
    await until(() => r.wakes() === 2, 5_000, 'no wake-up after a message queued by the HTTP thread');
  } finally {
    await r.close();
  }
});

test('once the writer thread is gone, calls fail instead of waiting forever', async () => {
  const r = await rig();
  await r.close();
  await until(async () => {
    const err = await r.client.take(1, 'n', Date.now(), 60_000).then(() => null, (e: Error) => e);
    return err !== null && /closed its SMS port/.test(err.message);
  }, 5_000, 'calls on a closed port never failed');
});
