/** @module Tests: the balancer's per-address connection limit (deploy/haproxy/guichet.cfg) on a real HAProxy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTemplate, renderConfig, spawnHaproxy } from './haproxy.js';
import { onHaproxy } from './test-support/haproxy.js';
import { until } from '../test-support/until.js';

const LIMIT = 1000;
const TRUSTED = 'acl trusted_source src 127.0.0.0/8 ::1';

const listen = (s: Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)));

/** A keep-alive connection from `from` that sends one request and resolves with the status line and the raw answer. */
function ask(port: number, from: string): Promise<{ socket: Socket; status: number; raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from });
    // Answers carry a Content-Length (the stand-in's and HAProxy's own): one that never completes is a failure.
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no complete answer within 10 s: ${JSON.stringify(raw)}`)));
    let raw = '';
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.on('connect', () => socket.write('GET /api/v1/demo/samples HTTP/1.1\r\nHost: guichet\r\n\r\n'));
    socket.on('data', (d: string) => {
      raw += d;
      const end = raw.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(raw)?.[1] ?? 0);
      if (Buffer.byteLength(raw.slice(end + 4)) < length) return;
      socket.removeAllListeners('data');
      socket.setTimeout(0);
      resolve({ socket, status: Number(raw.slice(9, 12)), raw });
    });
  });
}

onHaproxy('HAProxy connection-limit test', (haproxy) => test(`HAProxy: the ${LIMIT + 1}th open connection from one address gets a JSON 429 with Retry-After; other addresses and freed places are served`, { timeout: 120_000 }, async () => {
  // A stand-in node: HAProxy's health check and the requests get a small JSON answer.
  const node = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 }).end('{"ok":true}'));
  node.keepAliveTimeout = 60_000;
  const nodePort = await listen(node);
  const probe = createHttpServer();
  const port = await listen(probe); // a free port for HAProxy to bind
  await new Promise((r) => probe.close(r));
  const dir = mkdtempSync(join(tmpdir(), 'guichet-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  const rendered = renderConfig(readTemplate(), { bind: `127.0.0.1:${port}`, maxconn: 4000, servers: [`127.0.0.1:${nodePort}`] });
  // Loopback is exempt in production (a local monitor, a load test); here it stands for the clients' addresses, so
  // only the trust list changes: the rule under test is the template's own line.
  assert.ok(rendered.includes(TRUSTED), 'the template trusts loopback as this test expects');
  writeFileSync(file, rendered.replace(TRUSTED, 'acl trusted_source src 192.0.2.1'));
  const open: Socket[] = [];
  let hp: ReturnType<typeof spawnHaproxy> | null = null;
  try {
    hp = spawnHaproxy(haproxy, file);
    // Up once the stand-in passed its health checks.
    await until(async () => {
      const r = await ask(port, '127.0.0.9').catch(() => null);
      r?.socket.destroy();
      return r?.status === 200;
    }, 10_000, 'HAProxy never served through the stand-in node', 100);

    // 1,000 connections from one address, each kept open after its answer: every one served.
    for (let i = 0; i < LIMIT; i += 100) {
      const batch = await Promise.all(Array.from({ length: 100 }, () => ask(port, '127.0.0.3')));
      for (const b of batch) open.push(b.socket);
      assert.ok(batch.every((b) => b.status === 200), batch.map((b) => b.status).join(','));
    }
    // One more from that address: refused with the node's words, and a time to come back.
    const over = await ask(port, '127.0.0.3');
    open.push(over.socket);
    assert.equal(over.status, 429, over.raw);
    assert.match(over.raw, /\r\nretry-after: 10\r\n/i);
    assert.match(over.raw, /\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
    const body = JSON.parse(over.raw.slice(over.raw.indexOf('\r\n\r\n') + 4)) as { status: string; message: string };
    assert.equal(body.status, 'rate_limited');
    assert.match(body.message, /Trop de connexions depuis votre adresse/);
    // Another address is not affected.
    const other = await ask(port, '127.0.0.4');
    open.push(other.socket);
    assert.equal(other.status, 200);
    // Ten places freed at the crowded address: a new connection from it is served again.
    for (const s of open.splice(0, 11)) s.destroy();
    // Served again once HAProxy has seen the closes: waited on (each refused try's socket closed at once), not slept for.
    let last = '';
    const again = await until(async () => {
      const r = await ask(port, '127.0.0.3');
      if (r.status === 200) return r;
      last = r.raw;
      r.socket.destroy();
      return null;
    }, 10_000, () => `the freed places were never given again: ${last}`, 50);
    open.push(again.socket);
  } finally {
    for (const s of open) s.destroy();
    if (hp) {
      const gone = new Promise((w) => hp!.once('exit', w));
      hp.kill('SIGTERM');
      hp.stdin?.end();
      await gone;
    }
    node.closeAllConnections();
    node.close();
    rmSync(dir, { recursive: true, force: true });
  }
}));
