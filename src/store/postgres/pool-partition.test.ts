/** @module Tests: a database that vanishes silently (a relay that stops forwarding without closing): faults within the limits, then recovery. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createTestDatabase, onPostgres, type TestDatabase } from '../test-support/pg.js';
import { newCredit, seedSubscribers, verifyStore } from '../test-support/helpers.js';
import { spawnServer } from '../../test-support/process.js';
import { builtinProgramme, compileProgramme } from '../../programmes/index.js';
import { BULK_LIMITS, DEFAULT_LIMITS, isConnectionFault } from './pool.js';
import { PgStore } from './store.js';

interface Relay {
  port: number;
  /** Stop forwarding, in both directions, without closing anything: packets dropped by a partition or a firewall. */
  blackHole(): void;
  /** Forward again; connections whose other end gave up meanwhile are closed now, as a healed network would reset them. */
  forward(): void;
  close(): Promise<void>;
}

/** A TCP relay in front of PostgreSQL whose black-hole mode is a silent partition: no reset, no FIN, just nothing. */
async function relay(target: URL): Promise<Relay> {
  let silent = false;
  const pairs = new Set<{ c: Socket; u: Socket; orphaned: boolean }>();
  const server: Server = createServer((c) => {
    const u = connect(Number(target.port || 5432), target.hostname);
    const pair = { c, u, orphaned: false };
    pairs.add(pair);
    const link = (from: Socket, to: Socket) => {
      from.on('data', (d: Buffer) => {
        if (!silent) to.write(d);
      });
      from.on('error', () => {});
      from.on('close', () => {
        // In a partition the far end never hears of the close: the server keeps its session (and its locks).
        if (silent) pair.orphaned = true;
        else to.destroy();
        if (c.destroyed && u.destroyed) pairs.delete(pair);
      });
    };
    link(c, u);
    link(u, c);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    blackHole: () => {
      silent = true;
    },
    forward: () => {
      silent = false;
      for (const p of pairs) if (p.orphaned) (p.c.destroyed ? p.u : p.c).destroy();
    },
    close: async () => {
      const closed = new Promise((r) => server.close(r));
      for (const p of pairs) {
        p.c.destroy();
        p.u.destroy();
      }
      await closed;
    },
  };
}

const through = (url: string, port: number) => {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
};

const elapsed = (t0: number) => performance.now() - t0;

async function creditCount(store: PgStore): Promise<number> {
  return (await store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM credits')).rows[0].n;
}

onPostgres('PostgreSQL partition tests', (base) => {
  describe('PostgreSQL lost silently (black-hole relay)', { concurrency: false }, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(base);
    });
    after(async () => {
      await db?.drop();
    });

    test('every connection carries the limits: the server-side ones as session settings, the copy its longer ones', async () => {
      for (const [opts, statement, idle] of [[{}, '1min', '3s'], [{ limits: BULK_LIMITS }, '10min', '1min']] as const) {
        const store = await PgStore.open(db.url, { migrate: false, max: 1, ...opts });
        try {
          const show = async (name: string) => (await store.pool.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name];
          assert.equal(await show('statement_timeout'), statement);
          assert.equal(await show('idle_in_transaction_session_timeout'), idle);
        } finally {
          await store.close();
        }
      }
    });

    test('a commit into a black hole fails within the limit as a connection fault, writes nothing, and the next one goes through once forwarding resumes', async (t) => {
      const r = await relay(new URL(db.url));
      const direct = await PgStore.open(db.url, { migrate: false, max: 2 });
      const node = await PgStore.open(through(db.url, r.port), { migrate: false, max: 4 });
      try {
        const [a, b] = await seedSubscribers(direct, 2);
        assert.equal((await node.claims.commitCredits([newCredit(a)]))[0].kind, 'issued');

        r.blackHole();
        let t0 = performance.now();
        const err = await node.claims.commitCredits([newCredit(b)]).then(() => null, (e: unknown) => e);
        const took = elapsed(t0);
        assert.ok(isConnectionFault(err), `a connection fault (answered 503 by a node), got ${String(err)}`);
        // The pooled connection is reused, so the limit is the statement's; a fresh one would fail on connecting, sooner.
        assert.ok(took < DEFAULT_LIMITS.queryMs + 2000, `failed after ${Math.round(took)} ms`);
        t.diagnostic(`commit into the black hole failed after ${Math.round(took)} ms`);
        t0 = performance.now();
        assert.equal(await node.ping(), false, '/healthz fails');
        assert.ok(elapsed(t0) < DEFAULT_LIMITS.queryMs + 2000, `ping answered after ${Math.round(elapsed(t0))} ms`);
        assert.equal(await creditCount(direct), 1, 'nothing half-written');

        r.forward();
        // The wedged connection was thrown away with its error: the pool opens a new one by itself.
        const out = await node.claims.commitCredits([newCredit(b)]);
        assert.equal(out[0].kind, 'issued');
        assert.equal(await node.ping(), true);
        assert.equal(await creditCount(direct), 2);
        const v = await verifyStore(direct);
        assert.ok(v.ok && v.entries === 2, JSON.stringify(v));
      } finally {
        await node.close().catch(() => {});
        await direct.close();
        await r.close();
      }
    });

    test('a node cut off while holding the chain head does not stop the others: the server ends its session, their commits go through', async (t) => {
      const r = await relay(new URL(db.url));
      const direct = await PgStore.open(db.url, { migrate: false, max: 2 });
      const node = await PgStore.open(through(db.url, r.port), { migrate: false, max: 2 });
      const held = await node.pool.connect();
      held.on('error', () => {});
      try {
        const subs = await seedSubscribers(direct, 3);
        // Mid-commit on the cut-off node: its transaction holds the head lock every commit queues on.
        await held.query('BEGIN');
        await held.query('SELECT seq FROM journal_head WHERE id = 1 FOR UPDATE');
        r.blackHole();
        const t0 = performance.now();
        const out = await direct.claims.commitCredits([newCredit(subs[2])]);
        const took = elapsed(t0);
        assert.equal(out[0].kind, 'issued');
        t.diagnostic(`the other node's commit went through after ${Math.round(took)} ms`);
        // Freed by idle_in_transaction_session_timeout, before the waiting commit's own statement limit.
        assert.ok(took >= DEFAULT_LIMITS.idleInTransactionMs - 500 && took < DEFAULT_LIMITS.queryMs, `waited ${Math.round(took)} ms`);
        const v = await verifyStore(direct);
        assert.ok(v.ok, JSON.stringify(v));
      } finally {
        held.release(true);
        await node.close().catch(() => {});
        await direct.close();
        await r.close();
      }
    });

    test('guichet serve through a black hole: /healthz and claims answer 503 with Retry-After within seconds, then serve again by themselves', async (t) => {
      const r = await relay(new URL(db.url));
      const direct = await PgStore.open(db.url, { migrate: false, max: 2 });
      // Demo mode on the shared test database: the node fills the registry and loads the programme itself.
      await direct.pool.query('TRUNCATE grievance_notes, grievances, grievance_exceptions, credit_replacements, console_notes, sms_outbox, phone_codes, credits, journal, cycle_spend, code_pool, subscribers, programmes, settings');
      await direct.pool.query(`UPDATE journal_head SET seq = 0, hash = '${'0'.repeat(64)}'`);
      const node = await spawnServer(['--database-url', through(db.url, r.port)]);
      try {
        const c = compileProgramme(builtinProgramme());
        const meters: string[] = [];
        for await (const s of direct.subscribers.iterateAll()) {
          if (c.decide('phase-1', s).retained) meters.push(s.meter_no);
          if (meters.length === 2) break;
        }
        const claim = (m: string) => fetch(`${node.url}/api/v1/claims`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meter_no: m }),
        });
        assert.equal((await claim(meters[0])).status, 200);

        r.blackHole();
        let t0 = performance.now();
        const down = await claim(meters[1]);
        assert.equal(down.status, 503, await down.text());
        assert.ok(down.headers.get('retry-after'), 'Retry-After');
        assert.ok(elapsed(t0) < DEFAULT_LIMITS.queryMs + 3000, `503 after ${Math.round(elapsed(t0))} ms`);
        t.diagnostic(`claim answered 503 after ${Math.round(elapsed(t0))} ms`);
        t0 = performance.now();
        assert.equal((await fetch(`${node.url}/healthz`)).status, 503);
        assert.ok(elapsed(t0) < DEFAULT_LIMITS.queryMs + 3000, `/healthz after ${Math.round(elapsed(t0))} ms`);
        t.diagnostic(`/healthz answered 503 after ${Math.round(elapsed(t0))} ms`);
        assert.equal(await creditCount(direct), 1, 'nothing half-written');

        r.forward();
        t0 = performance.now();
        let status = 0;
        for (let i = 0; i < 50 && (status = (await fetch(`${node.url}/healthz`)).status) !== 200; i++) await new Promise((res) => setTimeout(res, 200));
        assert.equal(status, 200, 'back by itself');
        t.diagnostic(`/healthz back to 200 ${Math.round(elapsed(t0))} ms after forwarding resumed`);
        // A statement sent into the black hole before it healed still ends at its own 5 s limit (the shared waiting
        // room's, say): a claim may get one more 503 meanwhile, never a wrong answer.
        let back = await claim(meters[1]);
        for (let i = 0; i < 40 && back.status === 503; i++) {
          await new Promise((res) => setTimeout(res, 250));
          back = await claim(meters[1]);
        }
        assert.equal(back.status, 200, await back.clone().text());
        t.diagnostic(`claims served again ${Math.round(elapsed(t0))} ms after forwarding resumed`);
        assert.ok(elapsed(t0) < DEFAULT_LIMITS.queryMs + 3000, 'within one statement limit');
        assert.equal(((await back.json()) as { replayed: boolean }).replayed, false);
        assert.equal(await creditCount(direct), 2);
      } finally {
        await node.kill('SIGTERM');
        await direct.close();
        await r.close();
      }
    });
  });
});
