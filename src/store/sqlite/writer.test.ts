/** @module Tests: the writer thread carries the outbox operations waiting when a group commit comes in its transaction, and keeps them apart from the credits' fate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxMessage } from '../../domain/sms.js';
import { newCredit, seedSubscribers } from '../test-support/helpers.js';
import { SqliteAsyncStore } from './async.js';
import { SqliteStore } from './store.js';
import { SqliteWriter } from './writer.js';

async function rig(): Promise<{ store: SqliteAsyncStore; writer: SqliteWriter; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-writer-'));
  const path = join(dir, 'guichet.db');
  const sqlite = SqliteStore.open(path);
  const writer = new SqliteWriter(path);
  const store = new SqliteAsyncStore(sqlite, { writer });
  return { store, writer, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const reply = (to: string): OutboxMessage => ({ to, text: 'SEEG: code 1234', kind: 'reply' });

test('outbox operations waiting when a group commit comes go in its transaction, not in one of their own', async () => {
  const r = await rig();
  try {
    const subs = await seedSubscribers(r.store, 3);
    await r.store.sms.enqueue([reply('+24177000001'), reply('+24177000002')]);
    const jobs = await r.store.sms.take(2, 'n', Date.now(), 60_000);
    const alone = r.writer.smsGroups.alone;
    // The same tick: two settlements, then a claim commit, before the outbox's own flush is due.
    const sent = jobs.map((j, i) => r.store.sms.sent(j, 'n', `M${i}`));
    const issued = r.store.claims.commitCredits([newCredit(subs[0])]);
    assert.deepEqual(await Promise.all(sent), [true, true]);
    assert.deepEqual((await issued).map((o) => o.kind), ['issued']);
    assert.equal(r.writer.smsGroups.alone, alone, 'no transaction of their own');
    assert.equal(r.writer.smsGroups.withCommit, 1);
    assert.equal((await r.store.sms.counts()).sent, 2);
    // With no commit coming, they go on their own within the flush delay.
    assert.ok(await r.store.sms.receipt('M0', true, 'DELIVRD'));
    assert.equal(r.writer.smsGroups.alone, alone + 1);
  } finally {
    await r.close();
  }
});

test('an outbox operation that fails inside a commit undoes only the outbox writes; failed credits send theirs alone', async () => {
  const r = await rig();
  try {
    const subs = await seedSubscribers(r.store, 3);
    // A message without text breaks the outbox's NOT NULL: that group fails, the credits beside it stand.
    const bad = r.store.sms.enqueue([{ to: '+24177000003', text: null as unknown as string, kind: 'reply' }]);
    const issued = r.store.claims.commitCredits([newCredit(subs[1])]);
    await assert.rejects(bad, /NOT NULL/);
    assert.deepEqual((await issued).map((o) => o.kind), ['issued']);
    assert.equal(r.writer.smsGroups.withCommit, 1);
    // A credit for a subscriber that does not exist breaks the commit (foreign key): the operations go again alone.
    const queued = r.store.sms.enqueue([reply('+24177000004')]);
    const broken = r.store.claims.commitCredits([newCredit({ ...subs[2], id: 999_999 })]);
    await assert.rejects(broken, /FOREIGN KEY/);
    assert.equal((await queued).length, 1, 'the message was queued all the same');
    const c = await r.store.sms.counts();
    assert.equal(c.queued, 1);
  } finally {
    await r.close();
  }
});
