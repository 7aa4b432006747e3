/** @module Tests: database URLs and connection faults in plain words (no PostgreSQL needed). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PgConnectError, classifyPgError, isConnectionFault, parsePgUrl, redactUrl } from './pool.js';
import { PgStore } from './store.js';

const T = { host: 'db.example', port: 5432, database: 'guichet', user: 'guichet' };

test('a URL that is not a PostgreSQL URL, or names no database, is refused before connecting', () => {
  for (const [url, msg] of [
    ['not a url', /is not a URL/],
    ['mysql://u@h/db', /must start with postgres:\/\//],
    ['postgres://u@h', /names no database/],
    ['postgres://u@h/', /names no database/],
  ] as const) {
    assert.throws(() => parsePgUrl(url), (e: unknown) => e instanceof PgConnectError && e.fault === 'bad_url' && msg.test(e.message), url);
  }
  assert.deepEqual(parsePgUrl('postgresql://guichet:s3cret@db.example:6543/guichet'), { host: 'db.example', port: 6543, database: 'guichet', user: 'guichet' });
});

test('each fault gets its own message, and none carries the password', () => {
  const cases: [unknown, string, RegExp][] = [
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unreachable', /unreachable at db\.example:5432 \(connection refused\)/],
    [Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }), 'unreachable', /no such host name/],
    [new Error('Connection terminated due to connection timeout'), 'unreachable', /no answer in time/],
    [Object.assign(new Error('password authentication failed'), { code: '28P01' }), 'auth', /refused the password for user "guichet": wrong password/],
    [Object.assign(new Error('role "guichet" does not exist'), { code: '28000' }), 'auth', /refused user "guichet": no such user/],
    [Object.assign(new Error('database "guichet" does not exist'), { code: '3D000' }), 'no_database', /database "guichet" does not exist on db\.example:5432/],
    [Object.assign(new Error('too many clients'), { code: '53300' }), 'other', /cannot use PostgreSQL at db\.example:5432: too many clients/],
  ];
  const messages = new Set<string>();
  for (const [err, fault, msg] of cases) {
    const c = classifyPgError(err, T);
    assert.equal(c.fault, fault, c.message);
    assert.match(c.message, msg);
    messages.add(c.message);
  }
  assert.equal(messages.size, cases.length);
  assert.equal(redactUrl('postgres://guichet:s3cret@db.example/guichet'), 'postgres://guichet:***@db.example/guichet');
});

test('a server that is not there: PgStore.open fails fast with "unreachable"', async () => {
  // Port 1 on loopback: nothing listens there, the refusal is immediate.
  await assert.rejects(PgStore.open('postgres://guichet:s3cret@127.0.0.1:1/guichet'),
    (e: unknown) => e instanceof PgConnectError && e.fault === 'unreachable' && !e.message.includes('s3cret'));
  await assert.rejects(PgStore.open('postgres://127.0.0.1:5432'), (e: unknown) => e instanceof PgConnectError && e.fault === 'bad_url');
});

test('connection faults are told from statement errors (503 and retry, not a refusal)', () => {
  assert.equal(isConnectionFault(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })), true);
  assert.equal(isConnectionFault(Object.assign(new Error('x'), { code: '08006' })), true);
  assert.equal(isConnectionFault(new Error('Connection terminated unexpectedly')), true);
  assert.equal(isConnectionFault(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
  // A statement abandoned after query_timeout (the server went silent), and a session the server ended for idling in its transaction.
  assert.equal(isConnectionFault(new Error('Query read timeout')), true);
  assert.equal(isConnectionFault(Object.assign(new Error('terminating connection due to idle-in-transaction timeout'), { code: '25P03' })), true);
});
