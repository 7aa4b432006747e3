/** @module The abuse guard on every route and method, over real sockets from untrusted loopback addresses (findings of an adversarial probe). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startTestNode } from '../test-support/node.js';

let node: Awaited<ReturnType<typeof startTestNode>>;
let port: number;
let samples: { postpaid: string[]; prepaid: string[] };

before(async () => {
  node = await startTestNode({ GUICHET_TRUSTED_ADDRESSES: '' }, { 'per-address-rate': '5', 'per-address-connections': '10' });
  port = Number(new URL(node.url).port);
  samples = (await node.app.inject({ method: 'GET', url: '/api/v1/demo/samples' })).json();
});
after(() => node.stop());

interface Seen { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function get(from: string, path: string, headers: Record<string, string> = {}): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, localAddress: from, method: 'GET', path, agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a GET that carries a pass never issues a credit, and GETs are limited like POSTs', async () => {
  const before = node.claims.creditCount;
  const answers = await Promise.all(Array.from({ length: 40 }, () => get('127.0.0.21', `/demande?numero=${samples.postpaid[0]}&pass=anything`)));
  assert.equal(node.claims.creditCount, before, 'fetching a URL (a link preview, a prefetch) issued nothing');
  assert.ok(answers.filter((a) => a.status === 303).length >= 5, 'the first ones are sent to the form');
  assert.ok(answers.filter((a) => a.status === 429).length >= 25, 'the flood is limited on GET too');
});

test('the look-ups (API and page) are limited per address, and an answer holding a token is never cached', async () => {
  const api = await Promise.all(Array.from({ length: 40 }, () => get('127.0.0.22', `/api/v1/credits?meter_no=${samples.postpaid[0]}`)));
  assert.ok(api.filter((a) => a.status === 429).length >= 25, 'the credit look-up cannot enumerate meters at wire speed');
  const page = await Promise.all(Array.from({ length: 40 }, () => get('127.0.0.23', `/retrouver?numero=${samples.postpaid[0]}`, { accept: 'text/html,*/*' })));
  assert.ok(page.filter((a) => a.status === 429).length >= 25, '"retrouver" is limited too');
  assert.match(page.find((a) => a.status === 429)!.body, /<html lang="fr">/, 'a browser gets its 429 as a page');
  const one = await get('127.0.0.24', `/api/v1/credits?meter_no=${samples.prepaid[0]}`);
  assert.equal(one.status, 200);
  assert.equal(one.headers['cache-control'], 'no-store');
});

test('over the connection limit: a 429 that closes its connection, not one held open', async () => {
  const sockets = Array.from({ length: 20 }, () => connect({ host: '127.0.0.1', port, localAddress: '127.0.0.25' }));
  await Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r))));
  const outcomes = await Promise.all(sockets.map((s) => new Promise<{ head: string; closed: boolean }>((resolve) => {
    let buf = '';
    let head = '';
    s.on('data', (d) => {
      buf += d;
      if (!head && buf.includes('\r\n\r\n')) head = buf.split('\r\n\r\n')[0];
    });
    s.on('error', () => {});
    s.once('close', () => resolve({ head, closed: true }));
    // Keep-alive asked for: only the server's decision closes the socket.
    s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    setTimeout(() => resolve({ head, closed: false }), 3000).unref();
  })));
  for (const s of sockets) s.destroy();
  const over = outcomes.filter((o) => o.head.startsWith('HTTP/1.1 429'));
  assert.ok(over.length >= 10, `answered 429: ${over.length}`);
  assert.ok(over.every((o) => o.closed && /connection: close/i.test(o.head)), 'every over-limit connection was closed by the node');
  assert.ok(outcomes.filter((o) => o.head.startsWith('HTTP/1.1 200')).every((o) => !o.closed), 'the ones within the limit stay open');
});
