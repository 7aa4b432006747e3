/** @module Tests: login: the same answer and one scrypt for every failure, lockout, audit entries without secrets, logout, rehash. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleFixture, FAST, type Fixture } from '../test-support/services.js';
import { verifyPassword } from './password.js';
import { ConsoleServices } from '../index.js';

const MIN = 60_000;
const PASSWORD = 'tortue verte sous la pluie';

async function withAgent(f: Fixture, email = 'agent@seeg.ga') {
  return f.services.accounts.add('cli:test', { email, role: 'agent', password: PASSWORD });
}

const audit = (f: Fixture) => f.services.audit.latest(500).then((es) => es.reverse().map((e) => [e.actor, e.action, e.details.reason ?? null]));

test('the right password opens a new session with its CSRF token; the answer never holds the hash', async () => {
  const f = await consoleFixture();
  try {
    await withAgent(f);
    const r = await f.services.auth.login(' Agent@SEEG.ga ', PASSWORD, { ip: '192.0.2.7' });
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.deepEqual(Object.keys(r).sort(), ['account', 'csrf', 'ok', 'session']);
    assert.equal(r.account.email, 'agent@seeg.ga');
    assert.equal(r.account.last_login_at, '2020-04-01T08:00:00.000Z');
    assert.ok(!('password_hash' in r.account));
    const s = await f.services.session(r.session);
    assert.equal(s?.csrf, r.csrf);
    assert.equal(f.services.csrfOk(s!, r.csrf), true);
    assert.equal(f.services.csrfOk(s!, 'forged'), false);
    const second = await f.services.auth.login('agent@seeg.ga', PASSWORD, { previousSession: r.session });
    assert.ok(second.ok && second.session !== r.session, 'a new id at every login');
    assert.equal(await f.services.session(r.session), null, 'the session the browser came with is ended');
    const [entry] = await f.services.audit.latest(1);
    assert.deepEqual([entry.actor, entry.action, entry.details], ['agent@seeg.ga', 'login', {}]);
    assert.deepEqual((await f.services.audit.latest(2))[1].details, { ip: '192.0.2.7' });
  } finally {
    await f.close();
  }
});

test('every failure has one shape and one scrypt: unknown account, disabled, bad password, locked', async () => {
  const checked: string[] = [];
  const f = await consoleFixture({ verify: (pw, stored) => (checked.push(stored), verifyPassword(pw, stored)) });
  try {
    await withAgent(f);
    await withAgent(f, 'off@seeg.ga');
    await f.services.accounts.disable('cli:test', 'off@seeg.ga');
    const hashOf = (email: string) => f.store.sqlite.db.prepare('SELECT password_hash FROM console_accounts WHERE email = ?').pluck().get(email);
    const attempts: [string, string, string][] = [
      ['nobody@seeg.ga', PASSWORD, 'unknown_account'], ['off@seeg.ga', PASSWORD, 'disabled'], ['agent@seeg.ga', 'wrong password!', 'bad_password'],
      ['not an email', PASSWORD, 'unknown_account'], ['agent@seeg.ga', 'x'.repeat(5000), 'bad_password'],
    ];
    for (const [email, pw, reason] of attempts) {
      checked.length = 0;
      const r = await f.services.auth.login(email, pw);
      assert.deepEqual(r, { ok: false, reason }, email);
      assert.equal(checked.length, 1, `${email}: one scrypt`);
      if (email === 'agent@seeg.ga') assert.equal(checked[0], hashOf('agent@seeg.ga'));
      else if (email === 'off@seeg.ga') assert.equal(checked[0], hashOf('off@seeg.ga'));
      else assert.match(checked[0], /^scrypt\$1024\$8\$1\$/, 'the dummy hash has the real parameters');
    }
    for (let i = 0; i < 3; i++) await f.services.auth.login('agent@seeg.ga', 'wrong password!');
    checked.length = 0;
    assert.deepEqual(await f.services.auth.login('agent@seeg.ga', PASSWORD), { ok: false, reason: 'locked' }, 'locked: even the right password fails');
    assert.equal(checked.length, 1);
  } finally {
    await f.close();
  }
});

test('lockout: 5 failures lock the email (account or not) for 15 minutes; the audit log says so', async () => {
  const f = await consoleFixture();
  try {
    await withAgent(f);
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(await f.services.auth.login('agent@seeg.ga', 'wrong password!'), { ok: false, reason: 'bad_password' });
      f.advance(MIN);
    }
    assert.deepEqual(await f.services.auth.login('agent@seeg.ga', 'wrong password!'), { ok: false, reason: 'bad_password' });
    f.advance(15 * MIN - 1);
    assert.deepEqual(await f.services.auth.login('agent@seeg.ga', PASSWORD), { ok: false, reason: 'locked' });
    f.advance(1);
    assert.equal((await f.services.auth.login('agent@seeg.ga', PASSWORD)).ok, true);
    for (let i = 0; i < 5; i++) await f.services.auth.login('ghost@seeg.ga', 'whatever it is');
    assert.deepEqual(await f.services.auth.login('ghost@seeg.ga', 'whatever it is'), { ok: false, reason: 'locked' });
    const log = await audit(f);
    assert.deepEqual(log.filter(([, a]) => a === 'lockout').map(([actor]) => actor), ['agent@seeg.ga', 'ghost@seeg.ga']);
    assert.deepEqual(log.filter(([a]) => a === 'agent@seeg.ga').map(([, a, r]) => `${a}:${r}`), [
      'login_failed:bad_password', 'login_failed:bad_password', 'login_failed:bad_password', 'login_failed:bad_password',
      'lockout:null', 'login_failed:bad_password', 'login_failed:locked', 'login:null',
    ]);
  } finally {
    await f.close();
  }
});

test('a success clears the count: four failures, a success, four failures do not lock', async () => {
  const f = await consoleFixture();
  try {
    await withAgent(f);
    for (let i = 0; i < 4; i++) await f.services.auth.login('agent@seeg.ga', 'wrong password!');
    assert.equal((await f.services.auth.login('agent@seeg.ga', PASSWORD)).ok, true);
    for (let i = 0; i < 4; i++) await f.services.auth.login('agent@seeg.ga', 'wrong password!');
    assert.equal((await f.services.auth.login('agent@seeg.ga', PASSWORD)).ok, true);
  } finally {
    await f.close();
  }
});

test('no password, and no text typed in the email field that is not an email, ever reaches the audit log', async () => {
  const f = await consoleFixture();
  try {
    await withAgent(f);
    await f.services.auth.login('agent@seeg.ga', 'my secret phrase one');
    await f.services.auth.login('my secret phrase two', PASSWORD);
    await f.services.auth.login('agent@seeg.ga', PASSWORD);
    const text = JSON.stringify(f.store.sqlite.db.prepare('SELECT body FROM console_audit').all());
    for (const secret of ['my secret phrase', PASSWORD, 'scrypt$']) assert.ok(!text.includes(secret), secret);
    assert.deepEqual((await audit(f)).slice(1, 3), [['agent@seeg.ga', 'login_failed', 'bad_password'], ['anonymous', 'login_failed', 'unknown_account']]);
  } finally {
    await f.close();
  }
});

test('logout ends the session and says who left; a second logout does nothing', async () => {
  const f = await consoleFixture();
  try {
    await withAgent(f);
    const r = await f.services.auth.login('agent@seeg.ga', PASSWORD);
    assert.ok(r.ok);
    assert.equal(await f.services.auth.logout(r.session), true);
    assert.equal(await f.services.session(r.session), null);
    assert.equal(await f.services.auth.logout(r.session), false);
    assert.deepEqual((await audit(f)).slice(-2), [['agent@seeg.ga', 'login', null], ['agent@seeg.ga', 'logout', null]]);
  } finally {
    await f.close();
  }
});

test('a hash made with other parameters is stored again at login, sessions untouched', async () => {
  const f = await consoleFixture({ params: { N: 512, r: 8, p: 1 } });
  try {
    await withAgent(f);
    const first = await f.services.auth.login('agent@seeg.ga', PASSWORD);
    assert.ok(first.ok);
    const stronger = new ConsoleServices(f.services.store, { now: () => new Date(), params: FAST });
    assert.ok((await stronger.auth.login('agent@seeg.ga', PASSWORD)).ok);
    const hash = f.store.sqlite.db.prepare('SELECT password_hash FROM console_accounts').pluck().get() as string;
    assert.match(hash, /^scrypt\$1024\$/);
    assert.notEqual(await f.services.session(first.session), null);
  } finally {
    await f.close();
  }
});

test('with the real parameters a failure takes about as long whatever the case (measured, printed)', async () => {
  const f = await consoleFixture({ params: undefined });
  try {
    const real = new ConsoleServices(f.services.store, { now: () => new Date() });
    await real.accounts.add('cli:test', { email: 'agent@seeg.ga', role: 'agent', password: PASSWORD });
    await real.accounts.add('cli:test', { email: 'off@seeg.ga', role: 'agent', password: PASSWORD });
    await real.accounts.disable('cli:test', 'off@seeg.ga');
    await real.auth.warm();
    const times: string[] = [];
    for (const [email, pw] of [['nobody@seeg.ga', PASSWORD], ['off@seeg.ga', PASSWORD], ['agent@seeg.ga', 'wrong password!'], ['agent@seeg.ga', PASSWORD]]) {
      const t0 = performance.now();
      const r = await real.auth.login(email, pw);
      times.push(`${email}/${r.ok ? 'ok' : r.reason} ${(performance.now() - t0).toFixed(0)} ms`);
      assert.equal(r.ok, email === 'agent@seeg.ga' && pw === PASSWORD);
    }
    console.log(`login with scrypt N=2^17: ${times.join(', ')}`);
  } finally {
    await f.close();
  }
});
