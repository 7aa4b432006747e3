/** @module Tests: two real `guichet serve` processes on one PostgreSQL share one waiting room (no balancer in front). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnServer, type ServerProcess } from '../test-support/process.js';
import { PgStore } from '../store/postgres/store.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../store/test-support/pg.js';
import { builtinProgramme, compileProgramme } from '../programmes/index.js';
import { PassCodec } from '../admission/index.js';

interface Answer { status: number; retryAfter: number; body: { status?: string; position?: number; eta_s?: number; pass?: string; replayed?: boolean } }

async function claim(url: string, meter: string, pass?: string): Promise<Answer> {
  const r = await fetch(`${url}/api/v1/claims`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pass ? { meter_no: meter, pass } : { meter_no: meter }),
  });
  return { status: r.status, retryAfter: Number(r.headers.get('retry-after')), body: await r.json() as Answer['body'] };
}

onPostgres('shared waiting room node tests', (base) => {
  describe('two guichet serve processes on one PostgreSQL: one waiting room', { concurrency: false }, () => {
    let db: TestDatabase;
    const running: ServerProcess[] = [];
    before(async () => {
      db = await createTestDatabase(base);
    });
    after(async () => {
      for (const s of running) await s.kill('SIGKILL');
      await db?.drop();
    });

    test('claims sent alternately to each node are served in order of arrival; each pass is honoured by the other node', async (t) => {
      // The first node fills the empty database with the demo registry; the second finds it filled.
      const a = await spawnServer(['--database-url', db.url, '--admit-rate', '2']);
      running.push(a);
      const b = await spawnServer(['--database-url', db.url, '--admit-rate', '2']);
      running.push(b);
      const nodes = [a, b];

      // Meters phase-1 retains (each one a new credit, so each goes through the line), and the secret the nodes
      // share, to read the ticket numbers out of the passes.
      const store = await PgStore.open(db.url, { migrate: false, max: 1 });
      const people: { meter: string; key: string }[] = [];
      let codec: PassCodec;
      try {
        const c = compileProgramme(builtinProgramme());
        for await (const s of store.subscribers.iterateAll()) {
          if (c.decide('phase-1', s).retained) people.push({ meter: s.meter_no, key: `sub:${s.contract_no}` });
          if (people.length === 24) break;
        }
        codec = new PassCodec(Buffer.from((await store.setting('room_secret'))!, 'hex'));
      } finally {
        await store.close();
      }
      const ticket = (key: string, pass: string) => {
        const v = codec.verify(pass, codec.keyTag(key), Date.now());
        assert.ok(typeof v !== 'string', String(v));
        return v.ticket;
      };

      // Arrivals one after another, alternately at each node: a couple are served at once (each node's ceiling has
      // a one-second burst), the others queue in one line.
      const queued: { meter: string; key: string; at: number; pass: string; position: number }[] = [];
      for (const [i, p] of people.entries()) {
        const r = await claim(nodes[i % 2].url, p.meter);
        assert.ok(r.status === 200 || r.status === 202, `${r.status} ${JSON.stringify(r.body)}`);
        if (r.status !== 202) continue;
        assert.ok(r.retryAfter >= 1 && r.retryAfter <= 20, `Retry-After ${r.retryAfter}`);
        // The ETA counts both nodes' ceilings: 4 per second.
        assert.ok(Math.abs(r.body.eta_s! - Math.ceil(r.body.position! / 4)) <= 1, `position ${r.body.position}, eta ${r.body.eta_s}`);
        queued.push({ ...p, at: i % 2, pass: r.body.pass!, position: r.body.position! });
      }
      assert.ok(queued.length >= 16, `${queued.length} queued`);
      const tickets = queued.map((q) => ticket(q.key, q.pass));
      assert.deepEqual(tickets, [...tickets].sort((x, y) => x - y), 'tickets in order of arrival across both nodes');
      assert.equal(new Set(tickets).size, tickets.length);
      assert.ok(queued.some((q) => q.at === 0) && queued.some((q) => q.at === 1), 'both nodes queued people');

      // Everyone comes back with the pass, always to the other node than the one that queued them, until served;
      // one person comes back without it (a lost form field, USSD): the other node finds their place by key.
      const servedAt = new Map<string, number>();
      const waiting = new Map(queued.map((q) => [q.meter, q.pass]));
      const passless = queued[2].meter;
      const t0 = Date.now();
      while (waiting.size > 0 && Date.now() - t0 < 30_000) {
        await new Promise((r) => setTimeout(r, 250));
        for (const q of queued) {
          const pass = waiting.get(q.meter);
          if (pass === undefined) continue;
          const r = await claim(nodes[1 - q.at].url, q.meter, q.meter === passless ? undefined : pass);
          assert.ok(r.status === 200 || r.status === 202, `${r.status} ${JSON.stringify(r.body)}`);
          if (r.status === 200) {
            assert.equal(r.body.replayed, false);
            servedAt.set(q.meter, Date.now());
            waiting.delete(q.meter);
          } else {
            assert.equal(ticket(q.key, r.body.pass!), ticket(q.key, pass), 'the other node keeps the same place');
            waiting.set(q.meter, r.body.pass!);
          }
        }
      }
      assert.equal(waiting.size, 0, 'everyone in line was served by the other node');
      const order = queued.map((q) => servedAt.get(q.meter)!);
      for (let i = 1; i < order.length; i++) assert.ok(order[i] >= order[i - 1] - 300, `place ${i} served before place ${i - 1}`);
      // About 4 per second across the deployment, not 2 (one node's ceiling) nor unbounded.
      const spanS = (order.at(-1)! - t0) / 1000;
      assert.ok(spanS >= queued.length / 4 - 2 && spanS <= queued.length / 4 + 3, `${queued.length} served in ${spanS.toFixed(1)} s`);
      t.diagnostic(`${people.length} arrivals alternately at two nodes (--admit-rate 2 each): ${queued.length} queued, served by the other node in order of arrival within ${spanS.toFixed(1)} s`);
      for (const n of nodes) await n.kill('SIGTERM');
    });
  });
});
