/** @module Tests: a node keeps serving with the programme it had when the stored one is damaged behind its back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestNode } from '../test-support/node.js';
import { memoryLog } from '../test-support/fixtures.js';
import { until } from '../test-support/until.js';

test('a programme row damaged behind the node’s back stops nothing: the previous programme stays in force', async () => {
  const { log, entries } = memoryLog();
  const node = await startTestNode({}, {}, { log });
  try {
    const samples = (await node.app.inject({ url: '/api/v1/demo/samples' })).json();
    const db = new Database(join(node.dir, 'guichet.db'));
    db.prepare("UPDATE programmes SET body = '{not json', loaded_at = '2099-01-01T00:00:00.000Z'").run();
    db.close();
    // Waited on, not slept for: the refresher says when it has read the damaged row and kept the previous programme.
    await until(() => entries.some((e) => e.msg === 'programme in the store refused; the previous one stays in force'), 20_000,
      () => `the node never noticed the damaged programme row: ${JSON.stringify(entries.map((e) => e.msg))}`);
    const r = await node.app.inject({ method: 'POST', url: '/api/v1/claims', payload: { meter_no: samples.postpaid[0] } });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().cycle, 'phase-1');
    assert.equal((await node.app.inject({ url: '/healthz' })).statusCode, 200);
  } finally {
    await node.stop();
  }
});
