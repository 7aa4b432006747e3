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
        [['subscribers', 50], ['programmes', 0], ['settings', 1], ['credits', 20], ['journal', 20], ['cycle_spend', 1], ['code_pool', 0], ['sms_outbox', 0], ['phone_codes', 0]]);
    } finally {
      await dst.close();
      await src.close();
    }
    const copy = SqliteAsyncStore.open(join(t.dir, 'b', 'guichet.db'));
    try {
      assert.equal((await verifyStore(copy)).head, head);
      assert.equal(await copy.setting('demo'), '1');
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
