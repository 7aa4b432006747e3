/** @module Tests: every command-line tool as a real process against PostgreSQL (a fresh migrated database), and its faults in plain words. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guichet, guichetAsync } from '../test-support/cli.js';
import { PgStore } from '../store/postgres/store.js';
import { createTestDatabase, onPostgres, urlFor, type TestDatabase } from '../store/test-support/pg.js';
import { collect, newCredit } from '../store/test-support/helpers.js';

const PROGRAMME = fileURLToPath(new URL('../programmes/gratuite-2020.json', import.meta.url));

/** A failure told in one plain line: no stack trace, no password. */
function oneLine(r: { stderr: string }, what: string): void {
  assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^\s+at /m, what);
  assert.doesNotMatch(r.stderr, /s3cret/, `${what}: the password never shows`);
}

/**
 * The CI server trusts 127.0.0.1 (pg_hba.conf), so it accepts any password. This speaks just enough of the wire
 * protocol to ask for a password and refuse it with SQLSTATE 28P01, as a server with password auth does.
 */
function refusingServer(): Promise<{ port: number; server: Server }> {
  const msg = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0);
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const server = createServer((sock) => {
    let startup = true;
    sock.on('data', () => {
      if (startup) {
        startup = false;
        const cleartext = Buffer.alloc(4);
        cleartext.writeInt32BE(3);
        sock.write(msg('R', cleartext));
        return;
      }
      const fields = ['SFATAL', 'VFATAL', 'C28P01', 'Mpassword authentication failed for user "postgres"'];
      sock.end(msg('E', Buffer.from(fields.map((f) => `${f}\0`).join('') + '\0')));
    });
    sock.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, server })));
}

/** A port nothing listens on: bound, then freed. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

onPostgres('PostgreSQL command-line tests', (base) => {
  describe('guichet commands on PostgreSQL (spawned)', () => {
    let db: TestDatabase;
    let dir: string;
    before(async () => {
      db = await createTestDatabase(base);
      dir = mkdtempSync(join(tmpdir(), 'guichet-pg-cli-'));
    });
    after(async () => {
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('import, programme, codes, journal verify (intact, then tampered), export', async () => {
      const url = db.url;
      const registry = join(dir, 'registry.csv');
      const made = guichet(['demo-data', '--electricity', '300', '--water', '200', '--out', registry]);
      assert.equal(made.code, 0, made.stderr);
      const imported = guichet(['import', registry, '--database-url', url]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /^read 580, added 580, updated 0, unchanged 0, rejected 0 in /);
      // DATABASE_URL names the store too (README, Configuration); a re-import writes nothing.
      const again = guichet(['import', registry], { DATABASE_URL: url });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^read 580, added 0, updated 0, unchanged 580, rejected 0/);

      const loaded = guichet(['programme', 'load', PROGRAMME, '--database-url', url]);
      assert.equal(loaded.code, 0, loaded.stderr);
      assert.match(loaded.stdout, /loaded programme gratuite-2020 \(phase-1 open, phase-2 .*\) into postgres:\/\/.*guichet_test_/);
      const shown = guichet(['programme', 'show', '--json', '--database-url', url]);
      assert.equal(shown.code, 0, shown.stderr);
      const list = JSON.parse(shown.stdout) as { source: string; programme: { id: string } }[];
      assert.deepEqual(list.map((e) => [e.source, e.programme.id]), [['store', 'gratuite-2020']]);
      const text = guichet(['programme', 'show', '--database-url', url]);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /gratuite-2020/);
      assert.doesNotMatch(text.stdout, /No programme stored/);

      const store = await PgStore.open(url, { migrate: false, max: 2 });
      try {
        const subs = await collect(store.subscribers.iterateAll());
        const prepaid = subs.filter((s) => s.metering === 'prepaid').slice(0, 3);
        const postpaid = subs.filter((s) => s.metering === 'postpaid').slice(0, 3);
        assert.equal(prepaid.length, 3);

        const codes = join(dir, 'codes.csv');
        writeFileSync(codes, ['meter_no,cycle,token,units',
          ...prepaid.map((s, i) => `${s.meter_no},phase-1,${String(i + 1).repeat(20)},416.6`),
          `${postpaid[0].meter_no},phase-1,99999999999999999999,416.6`, // not a prepaid meter
          `${prepaid[0].meter_no},phase-1,1234,416.6`].join('\n') + '\n'); // not a token
        const c = guichet(['codes', 'import', codes, '--database-url', url]);
        assert.equal(c.code, 0, c.stderr);
        assert.match(c.stdout, /5 read, 3 added, 2 rejected/);
        const rejects = readFileSync(`${codes}.rejects.csv`, 'utf8').split('\n');
        assert.match(rejects[1], /^5,unknown_meter/);
        assert.match(rejects[2], /^6,bad_token/);
        assert.equal((await collect(store.codes.freeCodes())).length, 3);

        // Five credits through the store's one write, as the claim path commits them.
        const out = await store.claims.commitCredits([...postpaid, ...prepaid.slice(0, 2)].map((s) => newCredit(s, { cycle: 'phase-1' })));
        assert.deepEqual(out.map((o) => o.kind), ['issued', 'issued', 'issued', 'issued', 'issued']);

        const ok = guichet(['journal', 'verify', '--database-url', url]);
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /journal intact: 5 entries, head [0-9a-f]{64}/);

        const csv = join(dir, 'export.csv');
        const ex = guichet(['export', 'credits', '--cycle', 'phase-1', '--out', csv, '--database-url', url]);
        assert.equal(ex.code, 0, ex.stderr);
        assert.match(ex.stdout, /^3 credits of cycle phase-1 written to /);
        const lines = readFileSync(csv, 'utf8').trim().split('\n');
        assert.equal(lines[0], 'claim_id,contract_no,meter_no,service,metering,programme_id,cycle,fcfa,units,unit,channel,issued_at,billing_grievance');
        assert.equal(lines.length, 4);
        assert.match(lines[1], new RegExp(`^G-[0-9A-Za-z-]+,${postpaid[0].contract_no},${postpaid[0].meter_no},\\w+,postpaid,gratuite-2020,phase-1,20000,160\\.0,`));
        const all = guichet(['export', 'credits', '--cycle', 'phase-1', '--all', '--out', csv, '--database-url', url]);
        assert.equal(all.code, 0, all.stderr);
        const allText = readFileSync(csv, 'utf8');
        assert.equal(allText.trim().split('\n').length, 6);
        for (const s of prepaid.slice(0, 2)) assert.ok(!allText.includes(newCredit(s).token!), 'never a token in an export');

        // Tampering with SQL, as someone with database access could.
        await store.pool.query('UPDATE credits SET fcfa = 40000 WHERE journal_seq = 3');
        const edited = guichet(['journal', 'verify', '--database-url', url]);
        assert.equal(edited.code, 1, edited.stdout + edited.stderr);
        assert.match(edited.stderr, /first bad entry 3 .*differs from its journal entry 3/);
        await store.pool.query('UPDATE credits SET fcfa = 20000 WHERE journal_seq = 3');
        assert.equal(guichet(['journal', 'verify', '--database-url', url]).code, 0, 'restored');

        await store.pool.query('DELETE FROM journal WHERE seq = 4');
        const deleted = guichet(['journal', 'verify', '--database-url', url]);
        assert.equal(deleted.code, 1, deleted.stdout + deleted.stderr);
        assert.match(deleted.stderr, /first bad entry 4: entry 4 is missing/);
        assert.doesNotMatch(deleted.stderr, /^\s+at /m);
      } finally {
        await store.close();
      }
    });

    test('migrate: an empty database is brought to the current version, a second run has nothing to do', async () => {
      const empty = await createTestDatabase(base, { empty: true });
      try {
        const first = guichet(['migrate', '--database-url', empty.url]);
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /schema at version (\d+) of \1 \(\1 migrations? applied\)/);
        const second = guichet(['migrate', '--database-url', empty.url]);
        assert.equal(second.code, 0, second.stderr);
        assert.match(second.stdout, /schema at version (\d+) of \1 \(already up to date\)/);
        const sqlite = guichet(['migrate', '--data-dir', join(dir, 'nowhere')]);
        assert.equal(sqlite.code, 0, sqlite.stderr);
        assert.match(sqlite.stdout, /migrations run when it is opened/);
      } finally {
        await empty.drop();
      }
    });

    test('wrong password, missing database, unreachable port: each its own plain line and a non-zero exit', async () => {
      const fake = await refusingServer();
      try {
        const wrong = await guichetAsync(['journal', 'verify', '--database-url', `postgres://postgres:s3cret@127.0.0.1:${fake.port}/test`]);
        assert.equal(wrong.code, 1, wrong.stderr);
        oneLine(wrong, 'wrong password');
        assert.match(wrong.stderr, /^guichet journal: PostgreSQL at 127\.0\.0\.1:\d+ refused the password for user "postgres": wrong password$/m);
      } finally {
        fake.server.close();
      }

      const missing = urlFor(base, 'guichet_test_does_not_exist');
      const port = await freePort();
      const unreachable = `postgres://postgres:s3cret@127.0.0.1:${port}/test`;
      const cases: [string, string[], RegExp][] = [
        ['missing database', ['journal', 'verify', '--database-url', missing], /database "guichet_test_does_not_exist" does not exist on /],
        ['unreachable', ['journal', 'verify', '--database-url', unreachable], /PostgreSQL is unreachable at 127\.0\.0\.1:\d+ \(connection refused\)/],
        ['unreachable (export)', ['export', 'credits', '--cycle', 'phase-1', '--out', join(dir, 'x.csv'), '--database-url', unreachable], /unreachable/],
        ['unreachable (programme)', ['programme', 'show', '--database-url', unreachable], /unreachable/],
        ['unreachable (migrate)', ['migrate', '--database-url', unreachable], /unreachable/],
        ['missing database (import)', ['import', join(dir, 'registry.csv'), '--database-url', missing], /does not exist/],
      ];
      for (const [name, args, expect] of cases) {
        const r = guichet(args);
        assert.notEqual(r.code, 0, `${name}: ${r.stdout}`);
        oneLine(r, name);
        assert.match(r.stderr, expect, name);
      }
    });
  });
});
