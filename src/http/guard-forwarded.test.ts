/** @module Tests: behind a trusted load balancer the abuse limits count the client named in X-Forwarded-For, never the balancer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { AddressGuard } from './guard.js';

const BALANCER = '10.0.0.5';

function guard(): AddressGuard {
  return new AddressGuard({ ratePerSecond: 1, burst: 2, maxConnectionsPerAddress: 10, trusted: new Set([BALANCER, '127.0.0.1']), now: () => 0 });
}

/** Only what the guard reads: the socket's peer and the headers. */
const req = (peer: string, xff?: string | string[]): IncomingMessage =>
  ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;

test('through the trusted balancer, the client it names is the one counted', () => {
  const g = guard();
  assert.equal(g.clientAddress(req(BALANCER, '203.0.113.7')), '203.0.113.7');
  // Burst 2 for that client, then 429 for it only; another client behind the same balancer is still served.
  assert.deepEqual([g.check(req(BALANCER, '203.0.113.7')), g.check(req(BALANCER, '203.0.113.7'))], [0, 0]);
  assert.ok(g.check(req(BALANCER, '203.0.113.7')) >= 1);
  assert.equal(g.check(req(BALANCER, '198.51.100.9')), 0);
});

test('a client cannot pick its bucket: entries it wrote itself, left of the balancer’s, are ignored', () => {
  const g = guard();
  // The client sent "X-Forwarded-For: 1.2.3.4"; the balancer appended the address it saw.
  assert.equal(g.clientAddress(req(BALANCER, '1.2.3.4, 203.0.113.7')), '203.0.113.7');
  // Repeated headers (Node joins them) read the same way.
  assert.equal(g.clientAddress(req(BALANCER, ['1.2.3.4', '203.0.113.7'])), '203.0.113.7');
  // Claiming to be the trusted balancer from the left gains nothing either.
  assert.equal(g.clientAddress(req(BALANCER, `${BALANCER}, 203.0.113.7`)), '203.0.113.7');
});

test('an untrusted peer’s X-Forwarded-For is ignored: it is counted as itself', () => {
  const g = guard();
  assert.equal(g.clientAddress(req('203.0.113.7', '127.0.0.1')), '203.0.113.7');
  assert.equal(g.check(req('203.0.113.7', '127.0.0.1')), 0);
  assert.equal(g.check(req('203.0.113.7', '127.0.0.1')), 0);
  assert.ok(g.check(req('203.0.113.7', '127.0.0.1')) >= 1, 'the forged header did not make it exempt');
});

test('a chain of trusted hops is walked; all trusted (a health check, a load test from loopback) stays exempt', () => {
  const g = guard();
  assert.equal(g.clientAddress(req(BALANCER, '203.0.113.7, 127.0.0.1')), '203.0.113.7');
  assert.equal(g.clientAddress(req(BALANCER, '127.0.0.1')), '127.0.0.1');
  for (let i = 0; i < 10; i++) assert.equal(g.check(req(BALANCER, '127.0.0.1')), 0);
  // No header: the balancer itself, exempt.
  assert.equal(g.check(req(BALANCER)), 0);
});
