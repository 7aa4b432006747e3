/** @module Tests: `guichet backup` as a real process while a writer commits to the same file; refusals in plain words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { guichet, guichetAsync } from '../../test-support/cli.js';
import { tempDir } from '../../test-support/fixtures.js';
import { newCredit, seedSubscribers } from '../test-support/helpers.js';
import { SqliteAsyncStore } from './async.js';

test('a backup taken while a writer commits: consistent, verified, and a working store once restored', async () => {
  const t = tempDir('guichet-backup-');
  try {
    const dir = join(t.dir, 'data');
    const store = SqliteAsyncStore.open(join(dir, 'guichet.db'));
    const subs = await seedSubscribers(store, 3000);
    writeFileSync(join(dir, 'demo-vending-key'), '0123456789abcdef\n');
    // The writer: group commits of 100 credits, each its own cycle, one after another until the backup is done.
    let stop = false;
    let committed = 0;
    const writer = (async () => {
      for (let cycle = 0; !stop; cycle++) {
        const out = await store.claims.commitCredits(subs.slice(0, 100).map((s) => newCredit(s, { cycle: `c${cycle}` })));
        committed += out.length;
        await new Promise((r) => setImmediate(r));
      }
    })();
    while (committed < 500) await new Promise((r) => setTimeout(r, 5));
    const atStart = committed;
    const out = join(t.dir, 'guichet-backup.db');
    const r = await guichetAsync(['backup', '--data-dir', dir, '--out', out]);
    const atEnd = committed;
    stop = true;
    await writer;
    await store.close();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(atEnd > atStart, `the writer kept committing during the backup (${atStart} then ${atEnd})`);
    const m = /backup .*guichet-backup\.db: [\d.]+ MB, 3,000 subscribers, ([\d,]+) credits, integrity ok, journal intact \((\d+) entries, head [0-9a-f]{64}\), [\d.]+ s/.exec(r.stdout);
    assert.ok(m, r.stdout);
    const [credits, entries] = [Number(m[1].replaceAll(',', '')), Number(m[2])];
    assert.equal(credits, entries, 'every credit with its entry: the store as of one commit');
    assert.ok(credits >= atStart && credits <= atEnd && credits % 100 === 0, `${credits} credits: whole group commits only`);
    assert.match(r.stdout, /demo vending key copied to .*guichet-backup\.db\.demo-vending-key/);
    assert.ok(!existsSync(`${out}.partial`));
    assert.deepEqual(readdirSync(t.dir).filter((f) => f.startsWith('guichet-backup.db')).sort(),
      ['guichet-backup.db', 'guichet-backup.db.demo-vending-key'], 'one self-contained file (no -wal beside it) and the key');

    // Restored as the docs say: the file becomes guichet.db of a new folder, and the journal verifies there.
    const restored = join(t.dir, 'restored');
    mkdirSync(restored);
    copyFileSync(out, join(restored, 'guichet.db'));
    const v = guichet(['journal', 'verify', '--data-dir', restored]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, new RegExp(`journal intact: ${entries} entries`));

    // A corrupted backup is refused when checked: tamper with one journal entry of a copy, then back that up.
    const bad = join(t.dir, 'bad');
    mkdirSync(bad);
    copyFileSync(out, join(bad, 'guichet.db'));
    const raw = new Database(join(bad, 'guichet.db'));
    raw.prepare("UPDATE journal SET body = replace(body, '\"fcfa\":20000', '\"fcfa\":40000') WHERE seq = 7").run();
    raw.close();
    const refused = guichet(['backup', '--data-dir', bad, '--out', join(t.dir, 'bad-backup.db')]);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /^guichet backup: backup NOT kept: the copy's journal fails at entry 7: entry 7 was altered/);
    assert.ok(!existsSync(join(t.dir, 'bad-backup.db')) && !existsSync(join(t.dir, 'bad-backup.db.partial')), 'nothing kept');
  } finally {
    t.cleanup();
  }
});

test('backup refusals: PostgreSQL (pointed to pg_dump), an existing file, no store there, no --out', () => {
  const t = tempDir('guichet-backup-');
  try {
    const pg = guichet(['backup', '--database-url', 'postgres://guichet@db.example/guichet', '--out', join(t.dir, 'x.db')]);
    assert.equal(pg.code, 2);
    assert.match(pg.stderr, /for PostgreSQL use pg_dump, e\.g\.\n {2}pg_dump --format=custom/);
    assert.doesNotMatch(pg.stderr, /^\s+at /m);
    writeFileSync(join(t.dir, 'taken.db'), 'x');
    const dir = join(t.dir, 'data');
    const store = SqliteAsyncStore.open(join(dir, 'guichet.db'));
    void store.close();
    const exists = guichet(['backup', '--data-dir', dir, '--out', join(t.dir, 'taken.db')]);
    assert.equal(exists.code, 2);
    assert.match(exists.stderr, /^guichet backup: .*taken\.db already exists: choose a new file name/);
    const none = guichet(['backup', '--data-dir', join(t.dir, 'nowhere'), '--out', join(t.dir, 'y.db')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no store at .*nowhere\/guichet\.db/);
    const noOut = guichet(['backup', '--data-dir', dir]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out FILE is required/);
  } finally {
    t.cleanup();
  }
});
