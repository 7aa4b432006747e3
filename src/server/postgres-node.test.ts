/** @module Tests: real `guichet serve --database-url` processes on one PostgreSQL database: replay across restarts, two nodes, kill -9, a lost database. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { spawnServer, type ServerProcess } from '../test-support/process.js';
import { guichet } from '../test-support/cli.js';
import { claimFollowingLine } from '../test-support/claims.js';
import { PgStore } from '../store/postgres/store.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../store/test-support/pg.js';
import { builtinProgramme, compileProgramme } from '../programmes/index.js';

interface Answer { status: number; retryAfter: string | null; body: { status?: string; claim_id?: string; token?: string | null; replayed?: boolean } }

async function claim(url: string, meter: string): Promise<Answer> {
  const r = await fetch(`${url}/api/v1/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meter_no: meter }) });
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() as Answer['body'] };
}

const health = async (url: string) => (await fetch(`${url}/healthz`)).status;

/** Meters phase-1 retains, read from the demo registry the first node loaded. */
async function retainedMeters(url: string, n: number, skip = 0): Promise<string[]> {
  const store = await PgStore.open(url, { migrate: false, max: 1 });
  try {
    const c = compileProgramme(builtinProgramme());
    const out: string[] = [];
    for await (const s of store.subscribers.iterateAll()) {
      if (c.decide('phase-1', s).retained && skip-- <= 0) out.push(s.meter_no);
      if (out.length === n) break;
    }
    return out;
  } finally {
    await store.close();
  }
}

async function creditCount(url: string): Promise<{ credits: number; dup: number }> {
  const store = await PgStore.open(url, { migrate: false, max: 1 });
  try {
    const { rows } = await store.pool.query<{ credits: number; dup: number }>(`SELECT (SELECT count(*)::int FROM credits) AS credits,
      (SELECT count(*)::int FROM (SELECT 1 FROM credits GROUP BY subscriber_id, programme_id, cycle HAVING count(*) > 1) d) AS dup`);
    return rows[0];
  } finally {
    await store.close();
  }
}

function verified(url: string): void {
  const v = guichet(['journal', 'verify', '--database-url', url]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /journal intact: \d+ entries/);
}

/** A TCP relay in front of PostgreSQL: cutting it is the database lost to this node only, without stopping the shared server. */
async function relay(target: URL): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void> }> {
  const open = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () => new Promise<void>((resolve) => {
    server = createServer((c) => {
      const u = connect(Number(target.port || 5432), target.hostname);
      for (const s of [c, u]) {
        open.add(s);
        s.on('error', () => {});
        s.on('close', () => { open.delete(s); c.destroy(); u.destroy(); });
      }
      c.pipe(u).pipe(c);
    });
    server.listen(port, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve();
    });
  });
  await listen();
  return {
    port,
    cut: async () => {
      const closed = new Promise((r) => server.close(r));
      for (const s of open) s.destroy();
      await closed;
    },
    restore: listen,
  };
}

onPostgres('PostgreSQL node tests', (base) => {
  describe('guichet serve on PostgreSQL (spawned)', { concurrency: false }, () => {
    let db: TestDatabase;
    const running: ServerProcess[] = [];
    const serve = async (url = db.url) => {
      const s = await spawnServer(['--database-url', url]);
      running.push(s);
      return s;
    };
    before(async () => {
      db = await createTestDatabase(base);
    });
    after(async () => {
      for (const s of running) await s.kill('SIGKILL');
      await db?.drop();
    });

    test('demo mode: a prepaid token and a postpaid credit, replayed (on the other node too), and again after a restart', async () => {
      // Two nodes started at once on the empty database both come up in demo mode: one fills it while the other waits
      // on the start-up lock, then finds it filled.
      let [node, other] = await Promise.all([serve(), serve()]);
      for (const n of [node, other]) {
        assert.match(n.stderr(), /DÉMO/);
        assert.equal(await health(n.url), 200);
      }
      const store = await PgStore.open(db.url, { migrate: false, max: 1 });
      try {
        assert.ok((await store.subscribers.count()) >= 22_000);
        assert.equal((await store.programmes.entries()).length, 1, 'the demo programme loaded once');
      } finally {
        await store.close();
      }
      const samples = await (await fetch(`${node.url}/api/v1/demo/samples`)).json() as { prepaid: string[]; postpaid: string[] };
      const pre = await claim(node.url, samples.prepaid[0]);
      const post = await claim(node.url, samples.postpaid[0]);
      assert.equal(pre.status, 200, JSON.stringify(pre.body));
      assert.match(pre.body.token ?? '', /^[0-9]{20}$/);
      assert.equal(pre.body.replayed, false);
      assert.equal(post.status, 200, JSON.stringify(post.body));
      assert.equal(post.body.token, null);
      for (const [m, first] of [[samples.prepaid[0], pre], [samples.postpaid[0], post]] as const) {
        for (const n of [node, other]) {
          const again = await claim(n.url, m);
          assert.deepEqual({ ...again.body, replayed: false }, first.body);
          assert.equal(again.body.replayed, true);
        }
      }
      await Promise.all([node.kill('SIGTERM'), other.kill('SIGTERM')]);
      node = await serve();
      for (const [m, first] of [[samples.prepaid[0], pre], [samples.postpaid[0], post]] as const) {
        const again = await claim(node.url, m);
        assert.deepEqual({ ...again.body, replayed: false }, first.body, 'same credit and token after a restart');
        assert.equal(again.body.replayed, true);
      }
      await node.kill('SIGTERM');
      verified(db.url);
    });

    test('two nodes, concurrent duplicate claims spread across both: exactly one credit each; the journal verifies', async () => {
      const [a, b] = [await serve(), await serve()];
      const meters = await retainedMeters(db.url, 120, 10);
      const before = await creditCount(db.url);
      const asks = meters.flatMap((m, i) => [0, 1, 2, 3].map((k) => ({ m, url: (i + k) % 2 === 0 ? a.url : b.url })));
      // Two nodes just started measure their rate on these first, cold claims and may queue part of the burst: the
      // claims follow the line as clients do (the room is tested elsewhere; here, what is issued in the end).
      const answers = await Promise.all(asks.map(async (q) => ({ m: q.m, a: (await claimFollowingLine(q.url, { meter_no: q.m })) as unknown as Answer })));
      const byMeter = new Map<string, Answer[]>();
      for (const { m, a: ans } of answers) byMeter.set(m, [...(byMeter.get(m) ?? []), ans]);
      for (const [m, list] of byMeter) {
        assert.ok(list.every((x) => x.status === 200), `${m}: ${JSON.stringify(list.map((x) => x.body))}`);
        assert.equal(new Set(list.map((x) => x.body.claim_id)).size, 1, `${m}: one credit`);
        assert.equal(new Set(list.map((x) => x.body.token)).size, 1, `${m}: one token`);
        assert.equal(list.filter((x) => !x.body.replayed).length, 1, `${m}: exactly one first answer`);
      }
      const now = await creditCount(db.url);
      assert.equal(now.credits, before.credits + meters.length);
      assert.equal(now.dup, 0);
      const metrics = await (await fetch(`${a.url}/metrics`)).text();
      assert.match(metrics, /^guichet_room_nodes 2$/m, 'both nodes report to the shared line');
      assert.match(metrics, /^guichet_room_pruned_total 0$/m, 'nothing old enough to prune yet');
      await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
      verified(db.url);
    });

    test('kill -9 under load loses nothing answered 200; the journal verifies', async () => {
      let node = await serve();
      const meters = await retainedMeters(db.url, 4000, 200);
      const answered = new Map<string, Answer['body']>();
      let errors = 0;
      let next = 0;
      const worker = async () => {
        while (next < meters.length) {
          const m = meters[next++];
          try {
            const r = await claim(node.url, m);
            if (r.status === 200) answered.set(m, r.body);
          } catch {
            errors++;
            return;
          }
        }
      };
      const load = Promise.all(Array.from({ length: 32 }, worker));
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 500));
      await node.kill('SIGKILL');
      await load;
      assert.ok(answered.size > 50, `only ${answered.size} answered before the kill`);
      assert.ok(errors > 0, 'the kill happened under load');
      node = await serve();
      for (const [m, first] of answered) {
        const again = await claim(node.url, m);
        assert.equal(again.status, 200, m);
        assert.equal(again.body.claim_id, first.claim_id, m);
        assert.equal(again.body.token, first.token, m);
      }
      await node.kill('SIGTERM');
      assert.equal((await creditCount(db.url)).dup, 0);
      verified(db.url);
    });

    test('database lost while serving: /healthz 503, claims 503 with Retry-After, nothing written; service resumes by itself', async () => {
      const r = await relay(new URL(db.url));
      const through = new URL(db.url);
      through.port = String(r.port);
      const node = await serve(through.toString());
      const [m1, m2] = await retainedMeters(db.url, 2, 5000);
      assert.equal((await claim(node.url, m1)).status, 200);
      const before = await creditCount(db.url);
      await r.cut();
      assert.equal(await health(node.url), 503);
      const down = await claim(node.url, m2);
      assert.equal(down.status, 503, JSON.stringify(down.body));
      assert.ok(down.retryAfter !== null, 'Retry-After');
      assert.equal((await claim(node.url, m1)).status, 200, 'a credit already issued is still answered from memory');
      assert.equal((await creditCount(db.url)).credits, before.credits, 'nothing half-written');
      await r.restore();
      let up = 0;
      for (let i = 0; i < 50 && (up = await health(node.url)) !== 200; i++) await new Promise((res) => setTimeout(res, 200));
      assert.equal(up, 200);
      const back = await claim(node.url, m2);
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal(back.body.replayed, false);
      await node.kill('SIGTERM');
      await r.cut();
      assert.equal((await creditCount(db.url)).credits, before.credits + 1);
      verified(db.url);
    });

    test('PostgreSQL unreachable at start: one plain line and a non-zero exit', async () => {
      const s = createServer();
      await new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()));
      const port = (s.address() as { port: number }).port;
      await new Promise((res) => s.close(res));
      const r = guichet(['serve', '--port', '0', '--database-url', `postgres://postgres:s3cret@127.0.0.1:${port}/test`]);
      assert.notEqual(r.code, 0);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^guichet serve: PostgreSQL is unreachable at 127\.0\.0\.1:\d+ \(connection refused\)/);
      assert.doesNotMatch(r.stderr, /s3cret/);
    });
  });
});
