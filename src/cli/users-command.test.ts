/** @module Tests: `guichet users` as real processes on an SQLite store: files, the terminal prompt, refusals in one line, the audit trail. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import { tempDir } from '../test-support/fixtures.js';
import { ConsoleServices } from '../console/index.js';
import { consoleCli, consoleCliOnTty, hasScript } from '../console/test-support/cli.js';

const GOOD = 'tortue verte sous la pluie';
let t: { dir: string; cleanup: () => void };
let n = 0;
before(() => {
  t = tempDir('guichet-users-');
});
after(() => t.cleanup());

/** A data dir of its own per test, and a password file in it. */
function fresh(password = GOOD) {
  const dir = join(t.dir, `case-${++n}`);
  const file = join(t.dir, `pw-${n}`);
  writeFileSync(file, `${password}\n`);
  const users = (...args: string[]) => consoleCli(['users', ...args, '--data-dir', dir]);
  return { dir, file, users };
}

async function withStore<T>(dir: string, fn: (c: ConsoleServices) => Promise<T>): Promise<T> {
  const store = SqliteAsyncStore.open(join(dir, 'guichet.db'));
  try {
    return await fn(await ConsoleServices.open(store));
  } finally {
    await store.close();
  }
}

function oneLine(r: { code: number; stdout: string; stderr: string }, expect: RegExp, what: string): void {
  assert.equal(r.code, 1, `${what}: ${r.stdout}${r.stderr}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: ${r.stderr}`);
  assert.match(r.stderr, expect, what);
  assert.doesNotMatch(r.stderr, /^\s+at /m, what);
}

const me = `cli:${userInfo().username}`;

test('users add with a password file, then list (text and JSON); the audit log says who added whom', async () => {
  const { dir, file, users } = fresh();
  const added = users('add', '--email', 'Admin@SEEG.ga', '--role', 'admin', '--password-file', file);
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout, 'added admin@seeg.ga (admin)\n');
  const listed = users('list');
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stdout, 'email          role   disabled  last login\nadmin@seeg.ga  admin  no        never\n');
  const json = JSON.parse(users('list', '--json').stdout) as Record<string, unknown>[];
  assert.deepEqual(json.map((a) => [a.email, a.role, a.disabled, a.last_login_at]), [['admin@seeg.ga', 'admin', false, null]]);
  assert.ok(!JSON.stringify(json).includes('scrypt'), 'never the hash');
  await withStore(dir, async (c) => {
    const [e] = await c.audit.latest(5);
    assert.deepEqual([e.actor, e.action, e.details], [me, 'user_added', { email: 'admin@seeg.ga', role: 'admin' }]);
    assert.match((await c.store.accounts.byEmail('admin@seeg.ga'))!.password_hash, /^scrypt\$131072\$8\$1\$/);
    // The password in the file (without its line break) is the one that signs in.
    assert.equal((await c.auth.login('admin@seeg.ga', GOOD)).ok, true);
  });
});

test('bad input is refused in one plain line, before anything is written', async () => {
  const { dir, file, users } = fresh();
  const short = fresh('Ngounié-31!').file;
  const common = fresh('MotDePasse123').file;
  oneLine(users('add', '--email', 'admin', '--role', 'admin', '--password-file', file), /not an email address/, 'bad email');
  oneLine(users('add', '--email', 'a@seeg.ga', '--role', 'root', '--password-file', file), /unknown role "root": one of admin, supervisor, agent, auditor/, 'bad role');
  oneLine(users('add', '--email', 'a@seeg.ga', '--role', 'agent', '--password-file', short), /password refused: too short: at least 12 characters \(this one has 11\)/, 'short');
  oneLine(users('add', '--email', 'a@seeg.ga', '--role', 'agent', '--password-file', common), /password refused: it is in the list of common passwords/, 'common');
  oneLine(users('add', '--email', 'a@seeg.ga', '--role', 'agent', '--password-file', join(dir, 'nope')), /cannot read the password file .*: no such file/, 'no file');
  oneLine(users('add', '--email', 'a@seeg.ga', '--role', 'agent'), /no --password-file and no terminal/, 'no tty');
  assert.equal(users('add', '--email', 'a@seeg.ga', '--role', 'agent', '--password-file', file).code, 0);
  oneLine(users('add', '--email', 'A@seeg.ga', '--role', 'admin', '--password-file', file), /an account with email a@seeg.ga already exists/, 'twice');
  oneLine(users('disable', '--email', 'nobody@seeg.ga'), /no account with email nobody@seeg.ga/, 'unknown');
  oneLine(consoleCli(['users', 'list', '--data-dir', join(dir, 'elsewhere')]), /no store at/, 'no store');
  const usage = users('add', '--role', 'agent');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^guichet users: users add needs --email\nusage: guichet users add/);
  await withStore(dir, async (c) => {
    assert.deepEqual((await c.accounts.list()).map((a) => a.email), ['a@seeg.ga']);
    assert.deepEqual((await c.audit.latest(10)).map((e) => e.action), ['user_added']);
  });
});

test('disable and reset-password end the account\'s sessions and are in the audit log', async () => {
  const { dir, file, users } = fresh();
  assert.equal(users('add', '--email', 'agent@seeg.ga', '--role', 'agent', '--password-file', file).code, 0);
  const sessions = await withStore(dir, async (c) => {
    const a = (await c.store.accounts.byEmail('agent@seeg.ga'))!;
    return [(await c.sessions.create(a.id)).id, (await c.sessions.create(a.id)).id];
  });
  const other = fresh('pirogue sur la Ngounié').file;
  const reset = users('reset-password', '--email', 'agent@seeg.ga', '--password-file', other);
  assert.equal(reset.code, 0, reset.stderr);
  assert.equal(reset.stdout, 'password of agent@seeg.ga changed; sessions ended: 2\n');
  const third = await withStore(dir, async (c) => {
    for (const s of sessions) assert.equal(await c.session(s), null);
    assert.equal((await c.auth.login('agent@seeg.ga', GOOD)).ok, false);
    const r = await c.auth.login('agent@seeg.ga', 'pirogue sur la Ngounié');
    assert.ok(r.ok);
    return r.session;
  });
  const disabled = users('disable', '--email', 'agent@seeg.ga');
  assert.equal(disabled.stdout, 'disabled agent@seeg.ga; sessions ended: 1\n');
  assert.equal(users('disable', '--email', 'agent@seeg.ga').stdout, 'agent@seeg.ga was already disabled\n');
  assert.match(users('list').stdout, /agent@seeg\.ga {2}agent {2}yes {7}20\d\d-/);
  await withStore(dir, async (c) => {
    assert.equal(await c.session(third), null);
    const log = (await c.audit.latest(20)).reverse().map((e) => `${e.actor} ${e.action} ${JSON.stringify(e.details)}`);
    assert.deepEqual(log.filter((l) => l.startsWith('cli:')), [
      `${me} user_added {"email":"agent@seeg.ga","role":"agent"}`,
      `${me} password_reset {"email":"agent@seeg.ga","sessions_ended":2}`,
      `${me} user_disabled {"email":"agent@seeg.ga","sessions_ended":1}`,
    ]);
  });
});

test('on a terminal the password is asked twice and never shown; a mismatch or a weak one changes nothing', { skip: !hasScript() && 'util-linux `script` is not installed' }, async () => {
  const { dir } = fresh();
  const args = ['users', 'add', '--email', 'sup@seeg.ga', '--role', 'supervisor', '--data-dir', dir];
  const ok = await consoleCliOnTty(args, [['password for sup@seeg.ga: ', GOOD], ['again: ', GOOD]]);
  assert.equal(ok.code, 0, ok.screen);
  assert.match(ok.screen, /New password for sup@seeg\.ga: \r?\nThe same password again: \r?\nadded sup@seeg\.ga \(supervisor\)/);
  assert.ok(!ok.screen.includes(GOOD) && !ok.screen.includes('tortue'), `the password showed: ${ok.screen}`);
  const differ = await consoleCliOnTty(['users', 'reset-password', '--email', 'sup@seeg.ga', '--data-dir', dir],
    [['password for sup@seeg.ga: ', 'pirogue sur la Ngounié'], ['again: ', 'pirogue sur la Ngounie']]);
  assert.equal(differ.code, 1, differ.screen);
  assert.match(differ.screen, /guichet users: the two passwords differ; nothing changed/);
  const weak = await consoleCliOnTty(['users', 'reset-password', '--email', 'sup@seeg.ga', '--data-dir', dir], [['password for sup@seeg.ga: ', 'azertyuiop12']]);
  assert.equal(weak.code, 1, weak.screen);
  assert.match(weak.screen, /password refused: it is in the list of common passwords/);
  assert.doesNotMatch(weak.screen, /again/, 'refused before the second question');
  await withStore(dir, async (c) => {
    assert.equal((await c.auth.login('sup@seeg.ga', GOOD)).ok, true, 'still the first password');
  });
});
