import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startTestNode } from '../test-support/node.js';

let node: Awaited<ReturnType<typeof startTestNode>>;
let port: number;

before(async () => {
  node = await startTestNode(
    { GUICHET_TRUSTED_ADDRESSES: '', GUICHET_HEADERS_TIMEOUT_MS: '500' },
    { 'per-address-rate': '5', 'per-address-connections': '20' },
  );
  port = Number(new URL(node.url).port);
});
after(() => node.stop());

/** One claim over a real socket from a chosen loopback address. */
function post(from: string, body = '{"meter_no":"12345678"}'): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/api/v1/claims', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a flood from one address gets 429 with Retry-After; another address is still served', async () => {
  const flood = await Promise.all(Array.from({ length: 40 }, () => post('127.0.0.2')));
  const limited = flood.filter((r) => r.status === 429);
  assert.ok(limited.length >= 25, `limited ${limited.length}`);
  assert.ok(limited.every((r) => Number(r.retryAfter) >= 1));
  assert.ok(flood.filter((r) => r.status === 422).length >= 5);
  const other = await post('127.0.0.3');
  assert.equal(other.status, 422);
});

test('a slow-loris client is cut off after the header timeout while others are served', async () => {
  const sock = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.4' });
  sock.on('error', () => {});
  const closed = new Promise<number>((r) => sock.once('close', () => r(Date.now())));
  const t0 = Date.now();
  sock.write('POST /api/v1/claims HTTP/1.1\r\nHost: x\r\n');
  const drip = setInterval(() => sock.writable && sock.write('X-Slow: 1\r\n'), 100);
  const ok = await post('127.0.0.5');
  assert.equal(ok.status, 422);
  const at = await closed;
  clearInterval(drip);
  assert.ok(at - t0 < 5000, `closed after ${at - t0} ms`);
});

test('too many connections from one address: the extra ones are answered 429, none reset', async () => {
  const sockets = Array.from({ length: 25 }, () => connect({ host: '127.0.0.1', port, localAddress: '127.0.0.6' }));
  await Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r))));
  const answers = await Promise.all(sockets.map((s) => new Promise<string>((resolve) => {
    let buf = '';
    s.on('data', (d) => { buf += d; if (buf.includes('\r\n\r\n')) resolve(buf.split('\r\n')[0]); });
    s.on('error', (e) => resolve(`error ${e.message}`));
    s.write('POST /api/v1/claims HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 23\r\n\r\n{"meter_no":"12345678"}');
  })));
  for (const s of sockets) s.destroy();
  assert.ok(answers.every((a) => a.startsWith('HTTP/1.1 4')), answers.join('|'));
  assert.ok(answers.filter((a) => a.startsWith('HTTP/1.1 429')).length >= 5);
});
