/** @module Tests: a sender hosted on the writer thread: its calls of a turn applied in order and failing together, woken when messages become due, its line closed with the store, and a crash there seen by the store's ping. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { OutboxMessage, SmsJob } from '../../domain/sms.js';
import { until } from '../../test-support/until.js';
import { newCredit, seedSubscribers } from '../test-support/helpers.js';
import { SqliteAsyncStore } from './async.js';
import { SqliteStore } from './store.js';
import { SqliteWriter } from './writer.js';

type Result = { value?: unknown; error?: string };

async function rig() {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-sms-hosted-'));
  const path = join(dir, 'guichet.db');
  const store = new SqliteAsyncStore(SqliteStore.open(path), { writer: new SqliteWriter(path) });
  const port = store.sms.hostSender?.(new URL('../test-support/sms-host-probe.ts', import.meta.url), { hello: 'probe' }) as MessagePort;
  assert.ok(port, 'a store with a writer thread hosts a sender');
  let dues = 0;
  let next = 1;
  const waiting = new Map<number, (r: Result[]) => void>();
  const ready = new Promise<unknown>((resolve) => {
    port.on('message', (m: { kind: string; id: number; results: Result[]; data: unknown }) => {
      if (m.kind === 'ready') resolve(m.data);
      else if (m.kind === 'due') dues++;
      else if (m.kind === 'results') waiting.get(m.id)?.(m.results);
    });
  });
  assert.deepEqual(await ready, { hello: 'probe' }, 'the module started on the writer thread with the data given');
  /** Outbox calls made in one turn on the writer thread. */
  const turn = (...calls: { method: string; args: unknown[] }[]) => new Promise<Result[]>((resolve) => {
    const id = next++;
    waiting.set(id, resolve);
    port.postMessage({ id, calls });
  });
  return { store, port, turn, dues: () => dues, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const reply = (to: string): OutboxMessage => ({ to, text: 'SEEG: code 1234', kind: 'reply' });
const take = (n: number) => ({ method: 'take', args: [n, 'n', Date.now(), 60_000] });

test('a turn\'s calls are applied in order: a receipt asked right after its sent finds the message sent', async () => {
  const r = await rig();
  try {
    await r.store.sms.enqueue([reply('+24177000001'), reply('+24177000002')]);
    const [taken] = await r.turn(take(5));
    const jobs = taken.value as SmsJob[];
    assert.equal(jobs.length, 2);
    const results = await r.turn(
      { method: 'sent', args: [jobs[0], 'n', 'M0'] }, { method: 'sent', args: [jobs[1], 'n', 'M1'] },
      { method: 'receipt', args: ['M0', true, 'DELIVRD'] },
    );
    assert.deepEqual(results.slice(0, 2), [{ value: true }, { value: true }]);
    assert.equal((results[2].value as SmsJob).id, jobs[0].id, 'the receipt names the message sent under M0 in the same turn');
    const c = await r.store.sms.counts();
    assert.equal(c.delivered, 1);
    assert.equal(c.sent, 1);
  } finally {
    await r.close();
  }
});

test('a turn\'s calls stand or fall together, and never take credits down with them', async () => {
  const r = await rig();
  try {
    const subs = await seedSubscribers(r.store, 2);
    await r.store.sms.enqueue([reply('+24177000003')]);
    const [taken] = await r.turn(take(1));
    const [job] = taken.value as SmsJob[];
    const issued = r.store.claims.commitCredits([newCredit(subs[0])]);
    const [sent, bad] = await r.turn({ method: 'sent', args: [job, 'n', 'X1'] }, { method: 'enqueue', args: [[{ to: '+24177000004', text: null, kind: 'reply' }]] });
    assert.match(bad.error ?? '', /NOT NULL/);
    assert.match(sent.error ?? '', /NOT NULL/, 'one transaction (or savepoint) for the turn: the sent is undone with it');
    assert.deepEqual((await issued).map((o) => o.kind), ['issued'], 'the credit committed');
    assert.equal((await r.store.sms.counts()).sending, 1, 'the message is still leased, to be sent again when the lease runs out');
    assert.deepEqual(await r.turn({ method: 'sent', args: [job, 'n', 'X1'] }), [{ value: true }], 'the next turn stands on its own');
  } finally {
    await r.close();
  }
});

test('after a take that found nothing, one wake-up when credits commit or the HTTP thread queues a message', async () => {
  const r = await rig();
  try {
    const subs = await seedSubscribers(r.store, 2);
    assert.deepEqual(await r.turn(take(5)), [{ value: [] }]);
    await r.store.claims.commitCredits([newCredit(subs[0])]);
    await until(() => r.dues() === 1, 5_000, 'no wake-up after a commit');
    await r.store.claims.commitCredits([newCredit(subs[1])]);
    await r.store.sms.enqueue([reply('+24177000005')]);
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(r.dues(), 1, 'no second wake-up before the dispatcher has looked again');
    assert.equal(((await r.turn(take(5)))[0].value as SmsJob[]).length, 1);
    assert.deepEqual(await r.turn(take(5)), [{ value: [] }]);
    await r.store.sms.enqueue([reply('+24177000006')]);
    await until(() => r.dues() === 2, 5_000, 'no wake-up after a message queued by the HTTP thread');
  } finally {
    await r.close();
  }
});

test('the store closes even with its hosted sender still running, and the line to it closes too', async () => {
  const r = await rig();
  const closed = new Promise<void>((res) => r.port.once('close', () => res()));
  await r.close();
  await closed;
});

test('an exception escaping the hosted code stops the writer thread: the store then says it is down, and commits fail', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-sms-hosted-'));
  const path = join(dir, 'guichet.db');
  const store = new SqliteAsyncStore(SqliteStore.open(path), { writer: new SqliteWriter(path) });
  try {
    const subs = await seedSubscribers(store, 1);
    assert.equal(await store.ping(), true);
    store.sms.hostSender?.(new URL('../test-support/sms-host-crash.ts', import.meta.url), null);
    await until(async () => !(await store.ping()), 10_000, 'the store still said it was up with its writer thread gone');
    // Failed with the thread's own error (or its exit, whichever the writer client heard first).
    await assert.rejects(store.claims.commitCredits([newCredit(subs[0])]), /a bug in the hosted sender|store writer stopped/);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
