/** @module kill -9 of a node while it drains its outbox: no SMS lost, and only the submits in flight (at most the window) sent twice. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startSimulator } from '../../sms/index.js';
import { spawnServer } from '../../test-support/process.js';
import { tempDir } from '../../test-support/fixtures.js';
import { until } from '../../test-support/until.js';

const WINDOW = 10;

test('kill -9 during a drain: every credit\'s notice arrives, at most the window of them twice', async (tc) => {
  const t = tempDir('guichet-sms-crash-');
  // Answers take 30 ms and the rate is 60/s: the drain of a few hundred messages lasts seconds, so the kill lands in it.
  const sim = await startSimulator({ port: 0, systemId: 'guichet', password: 'pw', respDelayMs: 30 });
  const env = {
    GUICHET_SMPP_URL: `smpp://127.0.0.1:${sim.port}`, GUICHET_SMPP_SYSTEM_ID: 'guichet', GUICHET_SMPP_PASSWORD: 'pw',
    GUICHET_SMS_SENDER: 'SEEG', GUICHET_SMS_RATE: '60', GUICHET_SMPP_WINDOW: String(WINDOW),
  };
  try {
    let server = await spawnServer(['--data-dir', t.dir], env);
    // Water subscribers with a phone on file: phase 1 retains every particulier, each gets exactly one notice.
    const db = new Database(join(t.dir, 'guichet.db'), { readonly: true });
    const meters = db.prepare("SELECT meter_no FROM subscribers WHERE service = 'water' AND category = 'particulier' AND phone IS NOT NULL ORDER BY id LIMIT 300").pluck().all() as string[];
    db.close();
    for (let i = 0; i < meters.length; i += 50) {
      const answers = await Promise.all(meters.slice(i, i + 50).map((m) => fetch(`${server.url}/api/v1/claims`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meter_no: m }),
      })));
      assert.ok(answers.every((a) => a.status === 200), `claims answered ${answers.map((a) => a.status).join(',')}`);
    }
    await until(() => sim.inbox.total >= 60, 60_000, () => `the drain did not start (${sim.inbox.total} received)`);
    await server.kill('SIGKILL');
    const atKill = sim.inbox.total;
    assert.ok(atKill < meters.length, `the kill came before the end of the drain (${atKill} of ${meters.length})`);

    server = await spawnServer(['--data-dir', t.dir], env);
    try {
      await until(() => {
        const got = new Set(sim.inbox.all().map((m) => `${m.to} ${m.text}`));
        return got.size >= meters.length;
      }, 90_000, () => `after the restart only ${new Set(sim.inbox.all().map((m) => `${m.to} ${m.text}`)).size} of ${meters.length} distinct notices arrived`);
    } finally {
      await server.kill('SIGTERM');
    }
    const all = sim.inbox.all();
    const distinct = new Set(all.map((m) => `${m.to} ${m.text}`)).size;
    assert.equal(distinct, meters.length, 'every credit\'s notice arrived');
    assert.ok(all.length - distinct <= WINDOW, `sent twice: ${all.length - distinct}, at most the window (${WINDOW})`);
    tc.diagnostic(`killed after ${atKill} of ${meters.length} notices; ${distinct} distinct arrived in all, ${all.length - distinct} twice`);
    const check = new Database(join(t.dir, 'guichet.db'), { readonly: true });
    const open = check.prepare("SELECT count(*) FROM sms_outbox WHERE state IN ('queued', 'sending')").pluck().get();
    check.close();
    assert.equal(open, 0, 'nothing left to send');
  } finally {
    await sim.close();
    t.cleanup();
  }
});
