import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestNode } from '../test-support/node.js';

test('a programme row damaged behind the node’s back stops nothing: the previous programme stays in force', async () => {
  const node = await startTestNode();
  try {
    const samples = (await node.app.inject({ url: '/api/v1/demo/samples' })).json();
    const db = new Database(join(node.dir, 'guichet.db'));
    db.prepare("UPDATE programmes SET body = '{not json', loaded_at = '2099-01-01T00:00:00.000Z'").run();
    db.close();
    await new Promise((r) => setTimeout(r, 2500));
    const r = await node.app.inject({ method: 'POST', url: '/api/v1/claims', payload: { meter_no: samples.postpaid[0] } });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().cycle, 'phase-1');
    assert.equal((await node.app.inject({ url: '/healthz' })).statusCode, 200);
  } finally {
    await node.stop();
  }
});
