import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { spawnServer } from '../test-support/process.js';
import { tempDir } from '../test-support/fixtures.js';
import { guichet } from '../test-support/cli.js';

interface Answer { status: number; body: { claim_id?: string; token?: string | null } }

function post(agent: Agent, url: string, meter: string): Promise<Answer> {
  const body = JSON.stringify({ meter_no: meter });
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v1/claims`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(data) });
        } catch (e) {
          reject(e);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('kill -9 under load loses nothing answered 200 and never issues twice; the journal verifies', async () => {
  const t = tempDir('guichet-crash-');
  try {
    let server = await spawnServer(['--data-dir', t.dir]);
    const db = new Database(join(t.dir, 'guichet.db'), { readonly: true });
    const meters = (db.prepare('SELECT meter_no FROM subscribers ORDER BY random()').pluck().all() as string[]).slice(0, 20_000);
    db.close();

    const answered = new Map<string, Answer['body']>();
    let errors = 0;
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    let next = 0;
    const worker = async () => {
      while (next < meters.length) {
        const m = meters[next++];
        try {
          const a = await post(agent, server.url, m);
          if (a.status === 200) answered.set(m, a.body);
        } catch {
          errors++;
          return; // the server is gone
        }
      }
    };
    const load = Promise.all(Array.from({ length: 64 }, worker));
    // Kill in the middle of the load, not at a quiet moment.
    await new Promise((r) => setTimeout(r, 1200 + Math.random() * 800));
    await server.kill('SIGKILL');
    await load;
    agent.destroy();
    assert.ok(answered.size > 100, `only ${answered.size} answered before the kill`);
    assert.ok(errors > 0, 'the kill happened under load');

    server = await spawnServer(['--data-dir', t.dir]);
    const agent2 = new Agent({ keepAlive: true, maxSockets: 32 });
    try {
      for (const [m, first] of answered) {
        const again = await post(agent2, server.url, m);
        assert.equal(again.status, 200, m);
        assert.equal(again.body.claim_id, first.claim_id, m);
        assert.equal(again.body.token, first.token, m);
      }
    } finally {
      agent2.destroy();
      await server.kill('SIGTERM');
    }
    const check = new Database(join(t.dir, 'guichet.db'), { readonly: true });
    const dup = check.prepare('SELECT count(*) FROM (SELECT subscriber_id, cycle FROM credits GROUP BY 1, 2 HAVING count(*) > 1)').pluck().get();
    const credits = check.prepare('SELECT count(*) FROM credits').pluck().get() as number;
    check.close();
    assert.equal(dup, 0);
    assert.ok(credits >= answered.size);
    const v = guichet(['journal', 'verify', '--data-dir', t.dir]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, new RegExp(`journal intact: ${credits} entries`));
  } finally {
    t.cleanup();
  }
});
