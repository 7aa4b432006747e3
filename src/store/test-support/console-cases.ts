/** @module Store contract cases for the console: accounts, sessions across handles, failure counters, one audit chain from two writers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainHash } from '../../journal/entry.js';
import { auditBody } from '../../console/audit/entry.js';
import { verifyAudit } from '../../console/audit/verify.js';
import type { Store } from '../contract.js';
import type { ConsoleStore, FailureState, SessionRecord } from '../console-contract.js';
import type { PgStore } from '../postgres/store.js';
import type { SqliteAsyncStore } from '../sqlite/async.js';
import type { StoreHarness } from './engines.js';
import { collect } from './helpers.js';

/**
 * SQL behind the store's back, as someone with the database's keys would: the append-only triggers are got round
 * (dropped on SQLite, where each case has its own file; replica mode on PostgreSQL, for this transaction only).
 */
export async function rawSql(store: Store, sql: string): Promise<void> {
  if (store.engine === 'sqlite') {
    (store as SqliteAsyncStore).sqlite.db.exec(`DROP TRIGGER IF EXISTS console_audit_no_update; DROP TRIGGER IF EXISTS console_audit_no_delete; ${sql}`);
  } else {
    await (store as PgStore).pool.query(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT`);
  }
}

/** The engines harness empties its own tables between cases; these are ours (SQLite gets a new file anyway). */
export async function clearConsole(store: Store): Promise<void> {
  if (store.engine !== 'postgres') return;
  await rawSql(store, `DELETE FROM console_sessions; DELETE FROM console_login_failures; DELETE FROM console_accounts;
    DELETE FROM console_audit; UPDATE console_audit_head SET seq = 0, hash = '${'0'.repeat(64)}'`);
}

const HASH = 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

async function withAccount(c: ConsoleStore, email = 'agent@seeg.ga') {
  const a = await c.accounts.add({ email, role: 'agent', password_hash: HASH, created_at: '2020-04-01T08:00:00.000Z' });
  assert.ok(a);
  return a;
}

const session = (account_id: number, n: number, at = 1_000_000): SessionRecord => ({
  id_hash: n.toString(16).padStart(64, '0'), account_id, csrf: `csrf-${n}`, created_ms: at, seen_ms: at,
});

const body = (seq: number, actor: string) => auditBody(seq, '2020-04-01T08:00:00.000Z', actor, 'note_added', { n: seq });

export function consoleCases(h: () => StoreHarness): void {
  test('console accounts: add once per email, read back, list by email, never a second with the same email', async () => {
    const c = h().store.console;
    const b = await withAccount(c, 'b@seeg.ga');
    assert.deepEqual(b, {
      id: b.id, email: 'b@seeg.ga', role: 'agent', password_hash: HASH, disabled: false, created_at: '2020-04-01T08:00:00.000Z',
      password_changed_at: '2020-04-01T08:00:00.000Z', last_login_at: null,
    });
    await withAccount(c, 'a@seeg.ga');
    assert.equal(await c.accounts.add({ email: 'b@seeg.ga', role: 'admin', password_hash: HASH, created_at: 'x' }), null);
    assert.deepEqual((await c.accounts.list()).map((a) => [a.email, a.role]), [['a@seeg.ga', 'agent'], ['b@seeg.ga', 'agent']]);
    assert.deepEqual(await c.accounts.byEmail('b@seeg.ga'), b);
    assert.equal(await c.accounts.byEmail('nobody@seeg.ga'), null);
    await c.accounts.recordLogin(b.id, '2020-04-02T09:00:00.000Z');
    await c.accounts.rehash(b.id, `${HASH}x`);
    const after = (await c.accounts.byEmail('b@seeg.ga'))!;
    assert.equal(after.last_login_at, '2020-04-02T09:00:00.000Z');
    assert.equal(after.password_hash, `${HASH}x`);
    assert.equal(after.password_changed_at, '2020-04-01T08:00:00.000Z', 'a rehash is not a password change');
  });

  test('console sessions: one handle creates, another finds it with its account; touch only moves forward; delete', async () => {
    const { store, peer } = h();
    const c = store.console;
    const other = (await peer()).console;
    const a = await withAccount(c);
    await c.sessions.create(session(a.id, 1));
    const seen = await other.sessions.find(session(a.id, 1).id_hash);
    assert.deepEqual(seen, { session: session(a.id, 1), account: a });
    await other.sessions.touch(session(a.id, 1).id_hash, 1_060_000);
    await c.sessions.touch(session(a.id, 1).id_hash, 1_030_000);
    assert.equal((await c.sessions.find(session(a.id, 1).id_hash))!.session.seen_ms, 1_060_000);
    assert.equal(await other.sessions.delete(session(a.id, 1).id_hash), true);
    assert.equal(await c.sessions.find(session(a.id, 1).id_hash), null);
    assert.equal(await c.sessions.delete(session(a.id, 1).id_hash), false);
  });

  test('console sessions: disabling an account or setting its password ends its sessions, seen from another handle', async () => {
    const { store, peer } = h();
    const c = store.console;
    const other = (await peer()).console;
    const a = await withAccount(c, 'a@seeg.ga');
    const b = await withAccount(c, 'b@seeg.ga');
    for (const n of [1, 2]) await c.sessions.create(session(a.id, n));
    await c.sessions.create(session(b.id, 3));
    await c.sessions.create(session(b.id, 4));
    assert.equal(await other.accounts.setPassword('a@seeg.ga', `${HASH}new`, '2020-04-03T00:00:00.000Z'), 2);
    assert.equal(await c.sessions.find(session(a.id, 1).id_hash), null);
    assert.equal(await c.sessions.find(session(a.id, 2).id_hash), null);
    const changed = (await c.accounts.byEmail('a@seeg.ga'))!;
    assert.equal(changed.password_hash, `${HASH}new`);
    assert.equal(changed.password_changed_at, '2020-04-03T00:00:00.000Z');
    assert.equal(await other.accounts.disable('b@seeg.ga'), 2);
    assert.equal(await c.sessions.find(session(b.id, 3).id_hash), null);
    assert.equal((await c.accounts.byEmail('b@seeg.ga'))!.disabled, true);
    assert.equal(await c.accounts.disable('nobody@seeg.ga'), null);
    assert.equal(await c.accounts.setPassword('nobody@seeg.ga', HASH, 'x'), null);
  });

  test('console sessions: purge deletes the idle and the too old, and only those', async () => {
    const c = h().store.console;
    const a = await withAccount(c);
    await c.sessions.create({ ...session(a.id, 1), created_ms: 5_000, seen_ms: 9_000 }); // idle
    await c.sessions.create({ ...session(a.id, 2), created_ms: 1_000, seen_ms: 20_000 }); // too old
    await c.sessions.create({ ...session(a.id, 3), created_ms: 5_000, seen_ms: 20_000 }); // live
    assert.equal(await c.sessions.purge(10_000, 2_000), 2);
    assert.notEqual(await c.sessions.find(session(a.id, 3).id_hash), null);
    assert.equal(await c.sessions.purge(10_000, 2_000), 0);
  });

  test('console failure counters: updates from two handles at once are all counted; clear and purge', async () => {
    const { store, peer } = h();
    const c = store.console;
    const other = (await peer()).console;
    const bump = (p: FailureState | null): FailureState => ({ failures: (p?.failures ?? 0) + 1, window_start_ms: p?.window_start_ms ?? 100, locked_until_ms: null });
    const seenNull: boolean[] = [];
    const counted = (p: FailureState | null) => (seenNull.push(p === null), bump(p));
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? c : other).failures.update('x@seeg.ga', counted)));
    assert.deepEqual(await c.failures.get('x@seeg.ga'), { failures: 10, window_start_ms: 100, locked_until_ms: null });
    assert.equal(seenNull.filter(Boolean).length, 1, 'exactly one update found no row');
    await c.failures.update('locked@seeg.ga', () => ({ failures: 5, window_start_ms: 100, locked_until_ms: 5_000 }));
    await c.failures.update('old@seeg.ga', () => ({ failures: 1, window_start_ms: 100, locked_until_ms: null }));
    await c.failures.update('new@seeg.ga', () => ({ failures: 1, window_start_ms: 3_000, locked_until_ms: null }));
    await c.failures.clear('x@seeg.ga');
    assert.equal(await c.failures.get('x@seeg.ga'), null);
    // At 2,000: the old counter goes; the locked one stays until its lock is over; the new one stays.
    assert.equal(await c.failures.purge(2_000), 1);
    assert.equal(await c.failures.get('old@seeg.ga'), null);
    assert.notEqual(await c.failures.get('locked@seeg.ga'), null);
    assert.equal(await c.failures.purge(6_000), 2);
  });

  test('console audit: appends chain from the genesis hash; latest is newest first; the chain verifies', async () => {
    const c = h().store.console;
    assert.deepEqual(await c.audit.readChain(verifyAudit), { ok: true, entries: 0, head: '0'.repeat(64) });
    const rows = [];
    for (let i = 1; i <= 3; i++) rows.push(await c.audit.append((seq) => body(seq, 'system')));
    assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3]);
    assert.equal(rows[0].prev_hash, '0'.repeat(64));
    assert.equal(rows[1].prev_hash, rows[0].hash);
    assert.equal(rows[2].hash, chainHash(rows[1].hash, body(3, 'system')));
    assert.deepEqual(await c.audit.latest(2), [rows[2], rows[1]]);
    assert.deepEqual(await c.audit.readChain(async (v) => ({ head: v.head, rows: await collect(v.rows()) })), { head: { seq: 3, hash: rows[2].hash }, rows });
    assert.deepEqual(await c.audit.readChain(verifyAudit), { ok: true, entries: 3, head: rows[2].hash });
  });

  test('console audit: two writers appending at once keep one valid chain', async () => {
    const { store, peer } = h();
    const c = store.console;
    const other = (await peer()).console;
    const run = async (s: ConsoleStore, actor: string) => {
      for (let i = 0; i < 25; i++) await s.audit.append((seq) => body(seq, actor));
    };
    await Promise.all([run(c, 'node-a'), run(other, 'node-b'), run(c, 'node-a2')]);
    const v = await other.audit.readChain(verifyAudit);
    assert.equal(v.ok, true, JSON.stringify(v));
    assert.equal(v.entries, 75);
    const actors = (await c.audit.latest(100)).map((r) => (JSON.parse(r.body) as { actor: string }).actor);
    assert.equal(actors.filter((a) => a === 'node-b').length, 25);
  });

  test('console audit: the store refuses to edit or delete an entry', async () => {
    const { store } = h();
    const c = store.console;
    await c.audit.append((seq) => body(seq, 'system'));
    const run = (sql: string) => store.engine === 'sqlite'
      ? Promise.resolve().then(() => (store as SqliteAsyncStore).sqlite.db.exec(sql))
      : (store as PgStore).pool.query(sql);
    await assert.rejects(run("UPDATE console_audit SET body = 'x' WHERE seq = 1"), /append-only/);
    await assert.rejects(run('DELETE FROM console_audit WHERE seq = 1'), /append-only/);
    if (store.engine === 'postgres') await assert.rejects(run('TRUNCATE console_audit'), /append-only/);
    assert.equal((await c.audit.readChain(verifyAudit)).ok, true);
  });

  test('console audit: verify names the first bad entry whatever was done behind the store', async () => {
    const forged = (seq: number, prev: string) => {
      const b = body(seq, 'intruder');
      return `INSERT INTO console_audit (seq, prev_hash, hash, body) VALUES (${seq}, '${prev}', '${chainHash(prev, b)}', '${b}')`;
    };
    const cases: [string, (hashes: string[]) => string, number, RegExp][] = [
      ['edited', () => "UPDATE console_audit SET body = replace(body, 'system', 'someone') WHERE seq = 3", 3, /altered/],
      ['deleted', () => 'DELETE FROM console_audit WHERE seq = 2', 2, /missing/],
      ['cut from the end', () => 'DELETE FROM console_audit WHERE seq = 5', 5, /cut from the end/],
      ['swapped', () => 'UPDATE console_audit SET seq = -1 WHERE seq = 2; UPDATE console_audit SET seq = 2 WHERE seq = 3; UPDATE console_audit SET seq = 3 WHERE seq = -1', 2, /link/],
      ['inserted', (hs) => `UPDATE console_audit SET seq = seq + 100 WHERE seq >= 3; UPDATE console_audit SET seq = seq - 99 WHERE seq >= 100; ${forged(3, hs[1])}`, 4, /link/],
      ['added past the head', (hs) => forged(6, hs[4]), 6, /past the chain head/],
    ];
    for (const [name, sql, seq, problem] of cases) {
      await h().reset();
      await clearConsole(h().store);
      const c = h().store.console;
      const hashes: string[] = [];
      for (let i = 0; i < 5; i++) hashes.push((await c.audit.append((s) => body(s, 'system'))).hash);
      await rawSql(h().store, sql(hashes));
      const v = await c.audit.readChain(verifyAudit);
      assert.equal(v.ok, false, name);
      assert.equal(!v.ok && v.seq, seq, `${name}: ${JSON.stringify(v)}`);
      assert.match(!v.ok ? v.problem : '', problem, name);
    }
  });
}
