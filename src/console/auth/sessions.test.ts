/** @module Tests: sessions by an injected clock: hashed ids, idle and absolute expiry, throttled refresh, ends and purge. */
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionStore } from '../../store/console-contract.js';
import { consoleFixture, FAST } from '../test-support/services.js';
import { SESSIONS, SessionManager, sessionIdHash } from './sessions.js';

const MIN = 60_000;

async function withAccount() {
  const f = await consoleFixture();
  const a = await f.services.accounts.add('cli:test', { email: 'agent@seeg.ga', role: 'agent', password: 'tortue verte sous la pluie' });
  return { f, a };
}

test('the policy: 30 minutes idle, 12 hours at most, last-seen written at most once a minute', () => {
  assert.deepEqual(SESSIONS, { idleMs: 30 * MIN, absoluteMs: 12 * 60 * MIN, touchEveryMs: MIN });
  assert.equal(FAST.N, 1024);
});

test('a session id is 128 random bits; the store holds only its SHA-256', async () => {
  const { f, a } = await withAccount();
  try {
    const s = await f.services.sessions.create(a.id);
    assert.match(s.id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(Buffer.from(s.id, 'base64url').length, 16);
    const rows = f.store.sqlite.db.prepare('SELECT * FROM console_sessions').all() as Record<string, unknown>[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id_hash, sessionIdHash(s.id));
    assert.ok(!JSON.stringify(rows).includes(s.id), 'the id itself is not stored');
    const again = await f.services.sessions.create(a.id);
    assert.notEqual(again.id, s.id);
    assert.notEqual(again.csrf, s.csrf);
    const live = await f.services.session(s.id);
    assert.equal(live?.account.email, 'agent@seeg.ga');
    assert.equal(live?.csrf, s.csrf);
    assert.ok(!('password_hash' in live!.account));
  } finally {
    await f.close();
  }
});

test('idle timeout: 30 minutes after the last refreshed stamp, and the session is deleted', async () => {
  const { f, a } = await withAccount();
  try {
    const s = await f.services.sessions.create(a.id);
    f.advance(30 * MIN - 1);
    assert.notEqual(await f.services.session(s.id), null);
    // That request refreshed the stamp: another 30 minutes from now.
    f.advance(30 * MIN - 1);
    assert.notEqual(await f.services.session(s.id), null);
    f.advance(30 * MIN);
    assert.equal(await f.services.session(s.id), null);
    assert.equal(f.store.sqlite.db.prepare('SELECT count(*) FROM console_sessions').pluck().get(), 0);
  } finally {
    await f.close();
  }
});

test('absolute lifetime: 12 hours after sign-in however busy', async () => {
  const { f, a } = await withAccount();
  try {
    const s = await f.services.sessions.create(a.id);
    for (let i = 1; i < 72; i++) {
      f.advance(10 * MIN);
      assert.notEqual(await f.services.session(s.id), null, `after ${i * 10} minutes`);
    }
    f.advance(10 * MIN);
    assert.equal(await f.services.session(s.id), null);
  } finally {
    await f.close();
  }
});

test('the last-seen stamp is written at most once a minute, not on every request', async () => {
  const { f, a } = await withAccount();
  try {
    const real = f.services.store.sessions;
    let touches = 0;
    const counting: SessionStore = { ...bind(real), touch: (h, ms) => ((touches += 1), real.touch(h, ms)) };
    let t = 0;
    const mgr = new SessionManager(counting, { now: () => 1_000_000 + t });
    const s = await mgr.create(a.id);
    for (let i = 0; i < 59; i++) {
      t += 1000;
      await mgr.resolve(s.id);
    }
    assert.equal(touches, 0);
    t += 1000;
    await mgr.resolve(s.id);
    assert.equal(touches, 1);
    await mgr.resolve(s.id);
    assert.equal(touches, 1);
  } finally {
    await f.close();
  }
});

function bind(s: SessionStore): SessionStore {
  return {
    create: (r) => s.create(r), find: (h) => s.find(h), touch: (h, ms) => s.touch(h, ms), delete: (h) => s.delete(h),
    purge: (a, b) => s.purge(a, b),
  };
}

test('logout, disabling the account and resetting its password each end the session; a malformed id is nothing', async () => {
  const { f, a } = await withAccount();
  try {
    const s1 = await f.services.sessions.create(a.id);
    assert.equal(await f.services.sessions.end(s1.id), true);
    assert.equal(await f.services.session(s1.id), null);
    assert.equal(await f.services.sessions.end(s1.id), false);
    const s2 = await f.services.sessions.create(a.id);
    await f.services.accounts.resetPassword('cli:test', 'agent@seeg.ga', 'pirogue sur la Ngounié');
    assert.equal(await f.services.session(s2.id), null);
    const s3 = await f.services.sessions.create(a.id);
    await f.services.accounts.disable('cli:test', 'agent@seeg.ga');
    assert.equal(await f.services.session(s3.id), null);
    for (const bad of ['', 'x', `${s3.id}=`, s3.id.slice(1), null, undefined, "' OR 1=1 --"]) assert.equal(await f.services.session(bad), null);
  } finally {
    await f.close();
  }
});

test('a session row left behind for a disabled account is refused and deleted', async () => {
  const { f, a } = await withAccount();
  try {
    const s = await f.services.sessions.create(a.id);
    f.store.sqlite.db.prepare('UPDATE console_accounts SET disabled = 1').run();
    assert.equal(await f.services.session(s.id), null);
    assert.equal(f.store.sqlite.db.prepare('SELECT count(*) FROM console_sessions').pluck().get(), 0);
  } finally {
    await f.close();
  }
});

test('purge deletes the idle and the too old, and keeps the live', async () => {
  const { f, a } = await withAccount();
  try {
    const old = await f.services.sessions.create(a.id);
    let idle = null;
    // old is used every 20 minutes for 11 h 40 min; idle is opened at 11 h and never used.
    for (let m = 20; m <= 700; m += 20) {
      f.advance(20 * MIN);
      if (m === 660) idle = await f.services.sessions.create(a.id);
      assert.notEqual(await f.services.session(old.id), null);
    }
    const live = await f.services.sessions.create(a.id);
    assert.deepEqual(await f.services.purge(), { sessions: 1, failures: 0 }, 'idle: 40 minutes unused');
    f.advance(25 * MIN);
    assert.deepEqual(await f.services.purge(), { sessions: 1, failures: 0 }, 'old: 12 h 05 min since sign-in, 25 minutes idle');
    assert.equal(await f.services.session(old.id), null);
    assert.notEqual(await f.services.session(live.id), null);
    assert.equal(await f.services.session(idle!.id), null);
  } finally {
    await f.close();
  }
});

test('startPurging runs the purge on its interval, sessions and stale failure counters alike, until stopped', async () => {
  const { f, a } = await withAccount();
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    await f.services.sessions.create(a.id);
    await f.services.auth.login('ghost@seeg.ga', 'whatever it is');
    f.advance(31 * MIN);
    const stop = f.services.startPurging(5 * MIN);
    const count = (table: string) => f.store.sqlite.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    assert.equal(count('console_sessions'), 1);
    mock.timers.tick(5 * MIN);
    await new Promise((r) => setImmediate(r));
    assert.equal(count('console_sessions'), 0);
    assert.equal(count('console_login_failures'), 0);
    stop();
    await f.services.sessions.create(a.id);
    f.advance(31 * MIN);
    mock.timers.tick(15 * MIN);
    await new Promise((r) => setImmediate(r));
    assert.equal(count('console_sessions'), 1, 'stopped: nothing purged');
  } finally {
    mock.timers.reset();
    await f.close();
  }
});
