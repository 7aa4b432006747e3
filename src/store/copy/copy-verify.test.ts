/** @module Tests: the copy's own checks, in-process on SQLite files (no PostgreSQL needed): a value altered on the way is caught, nothing is kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../../test-support/fixtures.js';
import { SqliteAsyncStore } from '../sqlite/async.js';
import { newCredit, seedSubscribers, verifyStore } from '../test-support/helpers.js';
import { CopyNotVerified, copyStore, type Row } from './copy.js';
import { SqliteCopySource, SqliteCopyTarget } from './sqlite-side.js';
import type { TableSpec } from './tables.js';

async function filled(dir: string): Promise<string> {
  const store = SqliteAsyncStore.open(join(dir, 'guichet.db'));
  try {
    const subs = await seedSubscribers(store, 50);
    await store.claims.commitCredits(subs.slice(0, 20).map((s) => newCredit(s)));
    // A grievance decided with an exception and a replacement, and a credit whose journal entry names its ticket.
    const at = '2020-04-02T08:00:00.000Z';
    await store.grievances.insert({ ticket: 'R-10K3QX', subscriber_id: subs[20].id, number: subs[20].meter_no, programme_id: 'gratuite-2020', cycle: 'phase-1',
      category: 'not_retained', message: '<b>é</b>', phone: null, channel: 'web', logged_by: null, agency: 'Owendo', refusal_reason: 'power_kw', created_at: at, due_at: at }, []);
    await store.grievances.addNote('R-10K3QX', { author: 'sup@seeg.ga', body: 'vu', created_at: at });
    await store.grievances.decide('R-10K3QX', { decision: 'accepted', reason: 'Oui.', decided_by: 'sup@seeg.ga', decided_at: at, remedy: { kind: 'exception', cycle: 'phase-1' },
      exception: { subscriber_id: subs[20].id, programme_id: 'gratuite-2020', cycle: 'phase-1', ticket: 'R-10K3QX', approver: 'sup@seeg.ga', created_at: at },
      replacement: { credit_id: 1, ticket: 'R-10K3QX', subscriber_id: subs[0].id, token: '12345678901234567890', tid: null, approver: 'sup@seeg.ga', created_at: at }, sms: [] });
    await store.claims.commitCredits([newCredit(subs[20], { grievance_ticket: 'R-10K3QX', grievance_approver: 'sup@seeg.ga' })]);
    await store.setSetting('demo', '1');
    return (await verifyStore(store)).head;
  } finally {
    await store.close();
  }
}

test('SQLite to SQLite in-process: same rows, same head; a second copy into it is refused', async () => {
  const t = tempDir('guichet-copy-');
  try {
    const head = await filled(join(t.dir, 'a'));
    const src = SqliteCopySource.open(join(t.dir, 'a', 'guichet.db'));
    const dst = SqliteCopyTarget.open(join(t.dir, 'b', 'guichet.db'));
    try {
      const r = await copyStore(src, dst, { replace: false, batch: 7 });
      assert.equal(r.head.hash, head);
      assert.deepEqual(r.tables.map((x) => [x.name, x.rows]),
        [['subscribers', 50], ['programmes', 0], ['settings', 1], ['credits', 21], ['journal', 21], ['cycle_spend', 1], ['code_pool', 0], ['sms_outbox', 0], ['phone_codes', 0],
          ['grievances', 1], ['grievance_notes', 1], ['grievance_exceptions', 1], ['credit_replacements', 1]]);
    } finally {
      await dst.close();
      await src.close();
    }
    const copy = SqliteAsyncStore.open(join(t.dir, 'b', 'guichet.db'));
    try {
      assert.equal((await verifyStore(copy)).head, head);
      assert.equal(await copy.setting('demo'), '1');
      assert.equal((await copy.grievances.exceptions()).length, 1);
      assert.equal((await copy.grievances.byTicket('R-10K3QX'))?.message, '<b>é</b>');
    } finally {
      await copy.close();
    }
  } finally {
    t.cleanup();
  }
});

test('a value altered on the way (same row count) fails the content check, and the target is left as it was', async () => {
  const t = tempDir('guichet-copy-');
  try {
    await filled(join(t.dir, 'a'));
    const src = SqliteCopySource.open(join(t.dir, 'a', 'guichet.db'));
    const dst = SqliteCopyTarget.open(join(t.dir, 'b', 'guichet.db'));
    // A coercion bug's effect, simulated: one subscriber's avg_monthly_use rounded on its way into the target.
    const insert = dst.insert.bind(dst);
    dst.insert = (tbl: TableSpec, rows: Row[]) => insert(tbl, tbl.name !== 'subscribers' ? rows
      : rows.map((r, i) => (i === 3 ? r.map((v, k) => (tbl.columns[k][0] === 'avg_monthly_use' ? Math.round(Number(v)) + 0.5 : v)) : r)));
    try {
      await assert.rejects(copyStore(src, dst, { replace: false, batch: 1000 }),
        (e: unknown) => e instanceof CopyNotVerified && /the rows of subscribers differ from the source's \(same count, different content\)/.test(e.message));
    } finally {
      await dst.close();
      await src.close();
    }
    const copy = SqliteAsyncStore.open(join(t.dir, 'b', 'guichet.db'));
    try {
      assert.equal(await copy.subscribers.count(), 0, 'rolled back whole');
    } finally {
      await copy.close();
    }
  } finally {
    t.cleanup();
  }
});
