import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { NewCredit } from '../../domain/credit.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { subscriber, storeWith, tempDir } from '../../test-support/fixtures.js';
import { newCredit } from '../test-support/helpers.js';
import { SqliteCopySource } from '../copy/sqlite-side.js';
import { TABLES } from '../copy/tables.js';
import { SqliteStore } from './store.js';
import { SqliteSmsOutbox } from './sms-outbox.js';
import { SqliteSubscriberRepo } from './subscribers.js';
import { Checkpointer } from './checkpointer.js';

const T0 = Date.parse('2020-04-01T08:00:00.000Z');
const notice = (to: string) => ({ to, text: `SEEG: code pour ${to}`, kind: 'credit' as const });

function setup(n: number) {
  const t = tempDir();
  const store = storeWith(t.dir, Array.from({ length: n }, (_, i) => subscriber(i + 1)));
  const subs = [...new SqliteSubscriberRepo(store.db).iterateAll()] as StoredSubscriber[];
  const outbox = new SqliteSmsOutbox(store.db, null, () => T0);
  const spooled = () => store.db.prepare('SELECT count(*) FROM sms_spool').pluck().get() as number;
  const inOutbox = () => store.db.prepare('SELECT count(*) FROM sms_outbox').pluck().get() as number;
  return { t, store, subs, outbox, spooled, inOutbox };
}

const credit = (s: StoredSubscriber, over: Partial<NewCredit> = {}) => newCredit(s, { sms: [notice(`+2417700000${s.id}`)], ...over });

test("a group commit's notices are one spool row in its transaction, counted as queued, moved into the outbox in journal order as they are taken", async () => {
  const { t, store, subs, outbox, spooled, inOutbox } = setup(6);
  try {
    store.claims.commitCredits([credit(subs[3]), credit(subs[1], { sms: [notice('+24177000002'), notice('+24166000002')] })]);
    store.claims.commitCredits([credit(subs[0]), credit(subs[2], { cycle: 'phase-2' })]);
    assert.equal(spooled(), 3, 'one row a batch and cycle: the second batch spans two cycles');
    assert.equal(inOutbox(), 0, 'nothing in the outbox yet');
    assert.deepEqual(await outbox.counts(), { queued: 5, sending: 0, sent: 0, delivered: 0, failed: 0 });
    assert.equal((await outbox.counts('phase-2')).queued, 1, 'counted by cycle too');

    const first = await outbox.take(2, 'node-a', T0, 60_000);
    assert.deepEqual(first.map((j) => j.to), ['24177000004', '24177000002'], 'journal order');
    assert.equal(spooled(), 2, 'the first batch moved, the rest still spooled');
    const rest = await outbox.take(10, 'node-a', T0, 60_000);
    assert.deepEqual(rest.map((j) => j.to), ['24166000002', '24177000001', '24177000003']);
    assert.equal(spooled(), 0);
    assert.deepEqual(await outbox.counts(), { queued: 0, sending: 5, sent: 0, delivered: 0, failed: 0 });
  } finally {
    store.close();
    t.cleanup();
  }
});

test('spooled notices survive the process (a store closed without draining them is drained when opened again)', async () => {
  const { t, store, subs } = setup(3);
  try {
    store.claims.commitCredits(subs.map((s) => credit(s)));
    store.close();
    const again = SqliteStore.open(join(t.dir, 'guichet.db'));
    try {
      const jobs = await new SqliteSmsOutbox(again.db, null, () => T0).take(10, 'node-b', T0, 60_000);
      assert.deepEqual(jobs.map((j) => j.to), ['24177000001', '24177000002', '24177000003']);
    } finally {
      again.close();
    }
  } finally {
    t.cleanup();
  }
});

test("a credit's history shows its spooled notices (moved first), and the messages queued meanwhile keep their place", async () => {
  const { t, store, subs, outbox, spooled } = setup(4);
  try {
    store.claims.commitCredits([credit(subs[0]), credit(subs[1])]);
    const [reply] = await outbox.enqueue([{ to: '+24177999999', text: 'réponse', kind: 'reply' }]);
    store.claims.commitCredits([credit(subs[2])]);
    const ids = store.db.prepare('SELECT id FROM credits ORDER BY id').pluck().all() as number[];
    const h = await outbox.history({ creditIds: [ids[1]] }, 10);
    assert.deepEqual(h.map((m) => [m.credit_id, m.phone, m.state, m.cycle, m.created_at]), [[ids[1], '+24177000002', 'queued', 'phase-1', '2020-04-01T08:00:00.000Z']]);
    assert.equal(spooled(), 1, 'only the batches up to that credit were moved');
    // A reply written while notices were spooled goes out before them (it is the answer someone is waiting for); the
    // notices keep the journal's order among themselves.
    const jobs = await outbox.take(10, 'node-a', T0, 60_000);
    assert.deepEqual(jobs.map((j) => j.to), ['24177999999', '24177000001', '24177000002', '24177000003']);
    assert.equal(jobs[0].id, reply);
  } finally {
    store.close();
    t.cleanup();
  }
});

test('a store copy reads spooled notices as queued outbox rows, and leaves no notice behind in the spool', async () => {
  const { t, store, subs, spooled } = setup(3);
  try {
    store.claims.commitCredits(subs.map((s) => credit(s)));
    assert.equal(spooled(), 1);
    const source = SqliteCopySource.open(join(t.dir, 'guichet.db'));
    try {
      assert.equal(await source.count(TABLES.find((x) => x.name === 'sms_outbox')!), 3);
    } finally {
      await source.close();
    }
    assert.equal(spooled(), 0);
  } finally {
    store.close();
    t.cleanup();
  }
});

test("the metrics' counts are read on the checkpoint thread, spooled notices included, the same as on this one", async () => {
  const { t, store, subs, outbox } = setup(4);
  const cp = new Checkpointer(join(t.dir, 'guichet.db'));
  try {
    store.claims.commitCredits(subs.slice(0, 3).map((s) => credit(s)));
    await outbox.enqueue([{ to: '+24177999999', text: 'réponse', kind: 'reply' }]);
    await outbox.take(2, 'node-a', T0, 60_000);
    const off = new SqliteSmsOutbox(store.db, null, () => T0, cp);
    const expected = { queued: 2, sending: 2, sent: 0, delivered: 0, failed: 0 };
    assert.deepEqual(await outbox.counts(), expected);
    assert.deepEqual(await off.counts(), expected);
    assert.deepEqual(await off.counts('phase-1'), { ...expected, queued: 2, sending: 1 }, 'by cycle: read here (the reply has none)');
  } finally {
    await cp.close();
    store.close();
    t.cleanup();
  }
});
