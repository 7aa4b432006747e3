/** @module Tests: `guichet cluster` without nodes: the HAProxy template, its check by the installed HAProxy, its 503, bad flags and ports. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guichet } from '../test-support/cli.js';
import { until } from '../test-support/until.js';
import { readTemplate, renderConfig, spawnHaproxy } from './haproxy.js';
import { onHaproxy } from './test-support/haproxy.js';

test('the template renders: tagged lines and the server block replaced, every other line as written', () => {
  const tpl = readTemplate();
  const out = renderConfig(tpl, { bind: '127.0.0.1:9999', maxconn: 1234, servers: ['127.0.0.1:4001', '127.0.0.1:4002', '127.0.0.1:4003'] });
  assert.match(out, /^ {4}maxconn 1234$/m);
  assert.match(out, /^ {4}bind 127\.0\.0\.1:9999$/m);
  assert.deepEqual(out.match(/^ {4}server .*$/gm), ['    server node1 127.0.0.1:4001', '    server node2 127.0.0.1:4002', '    server node3 127.0.0.1:4003']);
  for (const line of ['option httpchk GET /healthz', 'http-check expect status 200', 'option forwardfor', 'retry-on conn-failure empty-response response-timeout 503']) {
    assert.ok(out.includes(line), line);
  }
  assert.equal(out.split('\n').length, tpl.split('\n').length + 1, 'three servers where the template has two');
  assert.throws(() => renderConfig('global\n', { bind: 'x', maxconn: 1, servers: [] }), /@maxconn/);
});

onHaproxy('HAProxy tests', (haproxy) => {
  test('the rendered template is valid for the installed HAProxy (haproxy -c)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-haproxy-'));
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, renderConfig(readTemplate(), { bind: '127.0.0.1:9999', maxconn: 2000, servers: ['127.0.0.1:4001'] }));
    const r = spawnSync(haproxy, ['-c', '-f', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  test('no node up: HAProxy answers a JSON 503 with Retry-After, not its own page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-haproxy-'));
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const file = join(dir, 'haproxy.cfg');
    // Port 1 on loopback: nothing listens there, the node is down from the first check.
    writeFileSync(file, renderConfig(readTemplate(), { bind: `127.0.0.1:${port}`, maxconn: 1000, servers: ['127.0.0.1:1'] }));
    const hp = spawnHaproxy(haproxy, file);
    try {
      // Waited on until HAProxy listens (a refused connection before that), never for a fixed time.
      const r = await until(() => fetch(`http://127.0.0.1:${port}/api/v1/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"meter_no":"12345678"}' })
        .catch(() => null), 10_000, 'HAProxy never answered', 100);
      assert.equal(r.status, 503);
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(Object.keys(await r.json() as object), ['status', 'message']);
    } finally {
      const gone = new Promise((w) => hp.once('exit', w));
      hp.kill('SIGTERM');
      hp.stdin?.end();
      await gone;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a port already taken is refused before anything starts (no migration, no node)', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    try {
      const port = String((taken.address() as { port: number }).port);
      // The URL names nothing that exists: reaching the database would be a different error.
      const r = guichet(['cluster', '--nodes', '2', '--port', port, '--database-url', 'postgres://nobody@127.0.0.1:1/none']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^guichet cluster: port ${port} is already in use`));
    } finally {
      taken.close();
    }
  });
});

test('without HAProxy: one plain line saying how to install it', () => {
  const r = guichet(['cluster', '--nodes', '2', '--database-url', 'postgres://nobody@127.0.0.1:1/none'], { GUICHET_HAPROXY: '/nonexistent/haproxy' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^guichet cluster: haproxy is not installed: apt-get install haproxy/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('bad flags: exit 2 with the usage', () => {
  const r = guichet(['cluster', '--database-url', 'postgres://x@127.0.0.1/y']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--nodes N is required/);
});

