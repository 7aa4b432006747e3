/** @module Tests: `guichet store copy` as a real process, from a real SQLite file into a fresh PostgreSQL database and back. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { guichet, guichetAsync } from '../../test-support/cli.js';
import { spawnServer } from '../../test-support/process.js';
import { subscriber, tempDir } from '../../test-support/fixtures.js';
import { PgStore } from '../postgres/store.js';
import { SqliteAsyncStore } from '../sqlite/async.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../test-support/pg.js';
import { newCredit, seedSubscribers } from '../test-support/helpers.js';

interface Issued { status: number; body: { claim_id: string; token: string | null; replayed: boolean; metering: string } }

async function claim(url: string, meter: string): Promise<Issued> {
  const r = await fetch(`${url}/api/v1/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meter_no: meter }) });
  return { status: r.status, body: await r.json() as Issued['body'] };
}

const HEAD = /head ([0-9a-f]{64})/;

/** A small store with a few credits committed through the store's own write, closed so a command can open it. */
async function smallStore(dir: string): Promise<void> {
  const store = SqliteAsyncStore.open(join(dir, 'guichet.db'));
  try {
    const subs = await seedSubscribers(store, 6);
    const out = await store.claims.commitCredits(subs.map((s) => newCredit(s)));
    assert.ok(out.every((o) => o.kind === 'issued'));
  } finally {
    await store.close();
  }
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  const store = await PgStore.open(url, { migrate: false, max: 1 });
  try {
    const out: Record<string, number> = {};
    for (const t of ['subscribers', 'programmes', 'settings', 'credits', 'journal', 'cycle_spend', 'code_pool']) {
      out[t] = (await store.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    }
    return out;
  } finally {
    await store.close();
  }
}

async function settingKeys(url: string): Promise<string[]> {
  const store = await PgStore.open(url, { migrate: false, max: 1 });
  try {
    return (await store.pool.query<{ key: string }>('SELECT key FROM settings ORDER BY key')).rows.map((r) => r.key);
  } finally {
    await store.close();
  }
}

onPostgres('store copy tests', (base) => {
  describe('guichet store copy (spawned)', { concurrency: false }, () => {
    const dbs: TestDatabase[] = [];
    const dirs: { cleanup: () => void }[] = [];
    const db = async (empty = false) => {
      const d = await createTestDatabase(base, { empty });
      dbs.push(d);
      return d;
    };
    const dir = () => {
      const t = tempDir('guichet-copy-');
      dirs.push(t);
      return t.dir;
    };
    before(() => {});
    after(async () => {
      for (const d of dbs) await d.drop();
      for (const d of dirs) d.cleanup();
    });

    test('a demo store with prepaid and postpaid claims: copied to PostgreSQL and verified; serve on the copy replays the same tokens; copied back to SQLite with the same head', async () => {
      const src = dir();
      // The real claim path: a demo node on SQLite issues an STS token and a postpaid credit, then stops.
      const node = await spawnServer(['--data-dir', src]);
      const samples = await (await fetch(`${node.url}/api/v1/demo/samples`)).json() as { prepaid: string[]; postpaid: string[]; water: string[] };
      const meters = [samples.prepaid[0], samples.prepaid[1], samples.postpaid[0], samples.water[0]];
      const first = new Map<string, Issued['body']>();
      for (const m of meters) {
        const r = await claim(node.url, m);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        first.set(m, r.body);
      }
      assert.match(first.get(samples.prepaid[0])!.token ?? '', /^[0-9]{20}$/);
      assert.equal(first.get(samples.postpaid[0])!.token, null);
      await node.kill('SIGTERM');
      // A code pool row too, so every table has something to move.
      const raw = new Database(join(src, 'guichet.db'));
      raw.prepare("INSERT INTO code_pool (meter_no, cycle, token, units_tenths, imported_at) VALUES (?, 'phase-1', '11112222333344445555', 1000, '2020-04-01T00:00:00.000Z')")
        .run(samples.prepaid[2]);
      raw.close();
      const sourceHead = guichet(['journal', 'verify', '--data-dir', src]);
      assert.equal(sourceHead.code, 0, sourceHead.stderr);
      const head = HEAD.exec(sourceHead.stdout)![1];

      const target = await db(true);
      const copied = guichet(['store', 'copy', '--from-data-dir', src, '--to-database-url', target.url]);
      assert.equal(copied.code, 0, copied.stdout + copied.stderr);
      assert.match(copied.stdout, /copied [\d,]+ rows in [\d.]+ s \([\d,]+ rows\/s\): subscribers [\d,]+, programmes 1, settings \d+, credits 4, journal 4, cycle_spend 1, code_pool 1, sms_outbox \d+, phone_codes 0, grievances 0, grievance_notes 0, grievance_exceptions 0, credit_replacements 0; demo vending key carried over/);
      assert.match(copied.stdout, new RegExp(`verified before commit .* every table's rows equal \\(count and content\\), journal intact, head ${head} \\(entry 4\\)`));
      assert.match(copied.stdout, new RegExp(`journal verify on the copy: intact, 4 entries, head ${head}`));
      assert.doesNotMatch(copied.stdout + copied.stderr, new RegExp(readFileSync(join(src, 'demo-vending-key'), 'utf8').trim()), 'the key is never printed');
      assert.deepEqual(await settingKeys(target.url), ['console_login_secret', 'demo', 'demo_vending_key', 'phone_code_secret'],
        'the demo flag, the demo key (a file beside the SQLite store, a row here), the one-time codes\' and the console sign-in form\'s secrets');
      const pgHead = guichet(['journal', 'verify', '--database-url', target.url]);
      assert.equal(pgHead.code, 0, pgHead.stderr);
      assert.equal(HEAD.exec(pgHead.stdout)![1], head, 'the same head hash, byte for byte');

      // Ids were copied: the identity sequences moved past them, so a new subscriber does not collide with a copied one.
      const pg = await PgStore.open(target.url, { migrate: false, max: 1 });
      try {
        assert.equal((await pg.subscribers.upsertBatch([subscriber(9_999_999)])).added, 1);
        assert.equal(await pg.setting('demo'), '1');
      } finally {
        await pg.close();
      }

      // A node on the copy: same credits and tokens, replayed; a new claim chains onto the copied head.
      const pgNode = await spawnServer(['--database-url', target.url]);
      try {
        for (const m of meters) {
          const again = await claim(pgNode.url, m);
          assert.equal(again.status, 200, JSON.stringify(again.body));
          assert.deepEqual({ ...again.body, replayed: false }, first.get(m), m);
          assert.equal(again.body.replayed, true);
        }
        const fresh = await claim(pgNode.url, samples.prepaid[2]);
        assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
        assert.equal(fresh.body.claim_id, 'G-00000005');
      } finally {
        await pgNode.kill('SIGTERM');
      }
      const after5 = guichet(['journal', 'verify', '--database-url', target.url]);
      assert.match(after5.stdout, /journal intact: 5 entries/);

      // And back: PostgreSQL to a new SQLite folder, the demo key returning to its file.
      const back = dir();
      const reverse = guichet(['store', 'copy', '--from-database-url', target.url, '--to-data-dir', back]);
      assert.equal(reverse.code, 0, reverse.stdout + reverse.stderr);
      assert.match(reverse.stdout, /journal verify on the copy: intact, 5 entries/);
      assert.equal(readFileSync(join(back, 'demo-vending-key'), 'utf8'), readFileSync(join(src, 'demo-vending-key'), 'utf8'));
      const sqliteBack = guichet(['journal', 'verify', '--data-dir', back]);
      assert.equal(HEAD.exec(sqliteBack.stdout)![1], HEAD.exec(after5.stdout)![1]);
    });

    test('a non-empty target is refused, with a plain message and nothing written; --replace erases it first', async () => {
      const src = dir();
      await smallStore(src);
      const target = await db();
      const first = guichet(['store', 'copy', '--from-data-dir', src, '--to-database-url', target.url]);
      assert.equal(first.code, 0, first.stdout + first.stderr);
      const again = guichet(['store', 'copy', '--from-data-dir', src, '--to-database-url', target.url]);
      assert.equal(again.code, 2, again.stdout + again.stderr);
      assert.equal(again.stderr.trim().split('\n').length, 1, again.stderr);
      assert.match(again.stderr.trim(), /^guichet store: postgres:\/\/.* is not empty \(6 rows in subscribers, 6 rows in credits, 6 rows in journal, 1 row in cycle_spend\): copy into an empty store, or add --replace to erase it first$/);
      assert.equal((await tableCounts(target.url)).subscribers, 6, 'untouched');
      const replaced = guichet(['store', 'copy', '--from-data-dir', src, '--to-database-url', target.url, '--replace']);
      assert.equal(replaced.code, 0, replaced.stdout + replaced.stderr);
      assert.match(replaced.stdout, /journal verify on the copy: intact, 6 entries/);

      const missing = guichet(['store', 'copy', '--from-data-dir', join(src, 'nowhere'), '--to-database-url', target.url]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no store at .*nowhere\/guichet\.db/);
      const noTarget = guichet(['store', 'copy', '--from-data-dir', src]);
      assert.equal(noTarget.code, 2);
      assert.match(noTarget.stderr, /give one target: --to-data-dir DIR or --to-database-url URL/);
    });

    test('copied while a writer commits to the SQLite source: one snapshot, whole group commits only, verified', async () => {
      const src = dir();
      const store = SqliteAsyncStore.open(join(src, 'guichet.db'));
      const subs = await seedSubscribers(store, 2000);
      let stop = false;
      let committed = 0;
      const writer = (async () => {
        for (let cycle = 0; !stop; cycle++) {
          committed += (await store.claims.commitCredits(subs.slice(0, 100).map((s) => newCredit(s, { cycle: `c${cycle}` })))).length;
          await new Promise((r) => setImmediate(r));
        }
      })();
      try {
        while (committed < 300) await new Promise((r) => setTimeout(r, 5));
        const atStart = committed;
        const target = await db();
        const r = await guichetAsync(['store', 'copy', '--from-data-dir', src, '--to-database-url', target.url]);
        const atEnd = committed;
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.ok(atEnd > atStart, `the writer kept committing (${atStart}, then ${atEnd})`);
        const counts = await tableCounts(target.url);
        assert.equal(counts.credits, counts.journal);
        assert.ok(counts.credits >= atStart && counts.credits <= atEnd && counts.credits % 100 === 0, `${counts.credits} credits`);
        assert.match(r.stdout, new RegExp(`journal verify on the copy: intact, ${counts.journal} entries`));
      } finally {
        stop = true;
        await writer;
        await store.close();
      }
    });

    test('a tampered source journal: the copy does not verify, names the entry, and writes nothing', async () => {
      const src = dir();
      await smallStore(src);
      const raw = new Database(join(src, 'guichet.db'));
      raw.prepare("UPDATE journal SET body = replace(body, '\"fcfa\":20000', '\"fcfa\":40000') WHERE seq = 3").run();
      raw.close();
      const target = await db();
      const r = guichet(['store', 'copy', '--from-data-dir', src, '--to-database-url', target.url]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /copy NOT verified, nothing written to the target: the copied journal fails at entry 3: entry 3 was altered: its hash does not match its content\. .*guichet journal verify/);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
      const counts = await tableCounts(target.url);
      assert.deepEqual(Object.values(counts), [0, 0, 0, 0, 0, 0, 0], 'rolled back whole');
    });
  });
});
