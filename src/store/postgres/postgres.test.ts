/** @module Tests that only PostgreSQL has: migrations from several nodes at once, connection faults, a connection lost mid-commit. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, onPostgres, urlFor, type TestDatabase } from '../test-support/pg.js';
import { collect, newCredit, seedSubscribers, verifyStore } from '../test-support/helpers.js';
import { subscriber } from '../../test-support/fixtures.js';
import { createPool, isConnectionFault, PgConnectError } from './pool.js';
import { MIGRATIONS, migrate } from './schema.js';
import { PgStore } from './store.js';

onPostgres('PostgreSQL store tests', (base) => {
  describe('PostgreSQL store', () => {
    let empty: TestDatabase;
    let migrated: TestDatabase;
    before(async () => {
      [empty, migrated] = await Promise.all([createTestDatabase(base, { empty: true }), createTestDatabase(base)]);
    });
    after(async () => {
      await empty?.drop();
      await migrated?.drop();
    });

    test('two nodes starting at once migrate once; a third finds nothing to do', async () => {
      const pools = [createPool(empty.url), createPool(empty.url), createPool(empty.url)];
      try {
        assert.deepEqual(await Promise.all([migrate(pools[0]), migrate(pools[1])]), [MIGRATIONS.length, MIGRATIONS.length]);
        assert.equal(await migrate(pools[2]), MIGRATIONS.length);
        const { rows } = await pools[2].query('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((_, i) => i + 1));
        const head = await pools[2].query('SELECT seq FROM journal_head');
        assert.deepEqual(head.rows, [{ seq: 0 }]);
        // A schema newer than this code is refused rather than used.
        await pools[2].query('INSERT INTO schema_migrations (version) VALUES ($1)', [MIGRATIONS.length + 1]);
        await assert.rejects(migrate(pools[2]), /newer than this Guichet knows/);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
    });

    test('missing database and unknown user each get their own message', async () => {
      await assert.rejects(PgStore.open(urlFor(base, 'guichet_test_does_not_exist')),
        (e: unknown) => e instanceof PgConnectError && e.fault === 'no_database' && /database "guichet_test_does_not_exist" does not exist/.test(e.message));
      const u = new URL(migrated.url);
      u.username = 'guichet_no_such_role';
      await assert.rejects(PgStore.open(u.toString()),
        (e: unknown) => e instanceof PgConnectError && e.fault === 'auth' && /guichet_no_such_role/.test(e.message));
    });

    test('an import from a node whose clock is behind still stamps after every earlier import', async () => {
      const ahead = await PgStore.open(migrated.url, { migrate: false, now: () => new Date('2030-01-01T00:00:00Z') });
      const behind = await PgStore.open(migrated.url, { migrate: false, now: () => new Date('2020-01-01T00:00:00Z') });
      try {
        await ahead.subscribers.upsertBatch([subscriber(901)]);
        const seen = (await ahead.subscribers.lastChange())!;
        await behind.subscribers.upsertBatch([subscriber(902)]);
        assert.deepEqual((await collect(ahead.subscribers.changedSince(seen))).map((s) => s.contract_no), ['C0000901', 'C0000902']);
        assert.ok((await ahead.subscribers.lastChange())! > seen);
      } finally {
        await ahead.pool.query("DELETE FROM subscribers WHERE contract_no IN ('C0000901', 'C0000902')");
        await ahead.close();
        await behind.close();
      }
    });

    test('a subscriber credited through another node gets that credit back, even once the budget or their code is gone', async () => {
      const a = await PgStore.open(migrated.url, { migrate: false, max: 2 });
      const b = await PgStore.open(migrated.url, { migrate: false, max: 2 });
      try {
        await a.pool.query('DELETE FROM code_pool; DELETE FROM credits; DELETE FROM journal; DELETE FROM cycle_spend; DELETE FROM subscribers');
        await a.pool.query("UPDATE journal_head SET seq = 0, hash = repeat('0', 64)");
        const [s1, s2] = await seedSubscribers(a, 2, () => ({ metering: 'prepaid' }));
        await a.codes.addCodes([{ meter_no: s2.meter_no, cycle: 'phase-1', token: '11112222333344445555', units_tenths: 1600 }], '2020-03-30T00:00:00.000Z');
        const [code] = await collect(a.codes.freeCodes());
        const budget = { budget_fcfa: 20_000 };
        const first = await a.claims.commitCredits([newCredit(s1, budget), newCredit(s2, { code_id: code.id })]);
        assert.deepEqual(first.map((o) => o.kind), ['issued', 'issued']);
        // Node b had not heard of them: the same claims, with the budget now spent and the code now taken.
        const again = await b.claims.commitCredits([newCredit(s1, budget), newCredit(s2, { code_id: code.id })]);
        assert.deepEqual(again, first.map((o) => ({ ...o, kind: 'duplicate' })));
        assert.equal((await verifyStore(a)).ok, true);
      } finally {
        await a.pool.query('DELETE FROM code_pool; DELETE FROM credits; DELETE FROM journal; DELETE FROM cycle_spend; DELETE FROM subscribers');
        await a.pool.query("UPDATE journal_head SET seq = 0, hash = repeat('0', 64)");
        await a.close();
        await b.close();
      }
    });

    test('a connection lost mid-commit writes nothing, and the next commit goes through on a new one', async () => {
      const store = await PgStore.open(migrated.url, { migrate: false });
      const admin = new pg.Client({ connectionString: migrated.url });
      await admin.connect();
      try {
        const [a, b] = await seedSubscribers(store, 2);
        // Hold the chain head, so the commit below stops inside its transaction, then cut its connection.
        await admin.query('BEGIN');
        await admin.query('SELECT 1 FROM journal_head FOR UPDATE');
        // Settled into a value at once: it fails while the test is still awaiting the terminate, not at assert time.
        const commit = store.claims.commitCredits([newCredit(a)]).then(() => null, (e: unknown) => e);
        let pid: number | undefined;
        for (let i = 0; i < 100 && pid === undefined; i++) {
          await new Promise((r) => setTimeout(r, 20));
          const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()
            AND application_name = 'guichet' AND wait_event_type = 'Lock'`);
          pid = rows[0]?.pid;
        }
        assert.ok(pid, 'the commit waits on the head lock');
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        const err = await commit;
        assert.ok(isConnectionFault(err), `a connection fault, got ${String(err)}`);
        await admin.query('ROLLBACK');
        assert.deepEqual(await collect(store.claims.creditsForReplay()), []);
        assert.equal(await store.ping(), true);
        const out = await store.claims.commitCredits([newCredit(a), newCredit(b)]);
        assert.deepEqual(out.map((o) => o.kind === 'issued' && o.credit.claim_id), ['G-00000001', 'G-00000002']);
        assert.deepEqual((await verifyStore(store)).ok, true);
      } finally {
        await admin.end();
        await store.close();
      }
    });
  });
});
