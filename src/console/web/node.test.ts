/** @module Tests: the console in a real node: on the main port by default, on its own address and port when configured (and then not on the main one). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveConfig } from '../../config/config.js';
import { startTestNode } from '../../test-support/node.js';

test('served on the main port when GUICHET_CONSOLE_PORT is unset', { timeout: 120_000 }, async () => {
  const node = await startTestNode();
  try {
    assert.equal(node.console.url, null);
    assert.equal(node.console.demoAccounts.length, 4, 'demo mode: one account per role, created at the first start');
    const r = await fetch(`${node.url}/console/login`);
    assert.equal(r.status, 200);
    const page = await r.text();
    assert.match(page, /Connexion à la console/);
    assert.match(page, /Mode DÉMO : un compte par rôle a été créé au premier démarrage/);
    assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal((await fetch(`${node.url}/console/api/session`)).status, 401);
  } finally {
    await node.stop();
  }
});

test('on its own port: the console answers there, the main port knows no /console', { timeout: 120_000 }, async () => {
  const node = await startTestNode({ GUICHET_CONSOLE_PORT: '0' });
  try {
    assert.match(node.console.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${node.console.url}/console/login`)).status, 200);
    assert.equal((await fetch(`${node.url}/console/login`)).status, 404, 'kept off the public interface');
    assert.equal((await fetch(`${node.url}/healthz`)).status, 200);
  } finally {
    await node.stop();
  }
});

test('console address settings are checked with the others', () => {
  assert.throws(() => serveConfig({}, { GUICHET_CONSOLE_HOST: '10.0.0.5' }), /GUICHET_CONSOLE_HOST is set without GUICHET_CONSOLE_PORT/);
  assert.throws(() => serveConfig({ port: '8080' }, { GUICHET_CONSOLE_PORT: '8080' }), /is the main port/);
  assert.throws(() => serveConfig({}, { GUICHET_CONSOLE_PORT: 'abc' }), /GUICHET_CONSOLE_PORT must be a number/);
  assert.deepEqual(serveConfig({}, { GUICHET_CONSOLE_PORT: '9090' }).consoleListen, { host: '127.0.0.1', port: 9090 });
  assert.deepEqual(serveConfig({}, { GUICHET_CONSOLE_PORT: '9090', GUICHET_CONSOLE_HOST: '10.0.0.5' }).consoleListen, { host: '10.0.0.5', port: 9090 });
  assert.equal(serveConfig({}, {}).consoleListen, null);
});
