/** @module Tests: `guichet audit verify` as a real process, intact and tampered on SQLite, and the console commands on PostgreSQL. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite/store.js';
import { PgStore } from '../store/postgres/store.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../store/test-support/pg.js';
import { tempDir } from '../test-support/fixtures.js';
import { consoleCli } from '../console/test-support/cli.js';
import { ConsoleServices } from '../console/index.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';

let t: { dir: string; cleanup: () => void };
before(() => {
  t = tempDir('guichet-audit-');
});
after(() => t.cleanup());

let n = 0;
/** A store with 6 audit entries written through the services, closed so the command can open it. */
async function logged(): Promise<string> {
  const dir = join(t.dir, `case-${++n}`);
  const store = SqliteAsyncStore.open(join(dir, 'guichet.db'));
  const c = await ConsoleServices.open(store);
  for (let i = 1; i <= 6; i++) await c.audit.append('system', 'note_added', { n: i });
  await store.close();
  return dir;
}

function tamper(dir: string, sql: string): void {
  const s = SqliteStore.open(join(dir, 'guichet.db'));
  s.db.exec(`DROP TRIGGER console_audit_no_update; DROP TRIGGER console_audit_no_delete; ${sql}`);
  s.close();
}

test('audit verify: an intact log exits 0 with its count and head', async () => {
  const dir = await logged();
  const r = consoleCli(['audit', 'verify', '--data-dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^audit log intact: 6 entries, head [0-9a-f]{64} \(\d+\.\d s\)\n$/);
  const bad = consoleCli(['audit', 'check', '--data-dir', dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /the only audit command is `audit verify`/);
});

test('audit verify: each kind of tampering exits 1 and names the first bad entry', async () => {
  const cases: [string, string, RegExp][] = [
    ['edited', `UPDATE console_audit SET body = replace(body, '"n":3', '"n":30') WHERE seq = 3`, /first bad entry 3: entry 3 was altered/],
    ['deleted', 'DELETE FROM console_audit WHERE seq = 4', /first bad entry 4: entry 4 is missing/],
    ['cut from the end', 'DELETE FROM console_audit WHERE seq = 6', /first bad entry 6: .*cut from the end/],
    ['swapped', 'UPDATE console_audit SET seq = -1 WHERE seq = 2; UPDATE console_audit SET seq = 2 WHERE seq = 3; UPDATE console_audit SET seq = 3 WHERE seq = -1', /first bad entry 2: .*does not link/],
  ];
  for (const [name, sql, expect] of cases) {
    const dir = await logged();
    tamper(dir, sql);
    const r = consoleCli(['audit', 'verify', '--data-dir', dir]);
    assert.equal(r.code, 1, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, expect, name);
    assert.match(r.stderr, /entries verified before it: \d+; last good head [0-9a-f]{64}/, name);
    assert.doesNotMatch(r.stderr, /^\s+at /m, `${name}: no stack trace`);
  }
});

onPostgres('PostgreSQL console command tests', (base) => {
  describe('console commands on PostgreSQL (spawned)', () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(base);
    });
    after(async () => {
      await db?.drop();
    });

    test('users add, list, disable and audit verify against one database; a second node sees the change at once', async () => {
      const file = join(t.dir, 'pg-pw');
      writeFileSync(file, 'tortue verte sous la pluie\n');
      const url = ['--database-url', db.url];
      const added = consoleCli(['users', 'add', '--email', 'auditor@seeg.ga', '--role', 'auditor', '--password-file', file, ...url]);
      assert.equal(added.code, 0, added.stderr);
      const node = await PgStore.open(db.url, { migrate: false, max: 2 });
      try {
        const c = await ConsoleServices.open(node);
        const r = await c.auth.login('auditor@seeg.ga', 'tortue verte sous la pluie');
        assert.ok(r.ok);
        assert.equal(consoleCli(['users', 'disable', '--email', 'auditor@seeg.ga', ...url]).stdout, 'disabled auditor@seeg.ga; sessions ended: 1\n');
        assert.equal(await c.session(r.session), null);
        assert.match(consoleCli(['users', 'list', ...url]).stdout, /auditor@seeg\.ga {2}auditor {2}yes/);
        const v = consoleCli(['audit', 'verify', ...url]);
        assert.equal(v.code, 0, v.stderr);
        assert.match(v.stdout, /^audit log intact: 3 entries, head [0-9a-f]{64}/);
        assert.deepEqual((await c.audit.latest(3)).map((e) => e.action), ['user_disabled', 'login', 'user_added']);
      } finally {
        await node.close();
      }
    });
  });
});
