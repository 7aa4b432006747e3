/** @module Tests: demo mode's console accounts: one per role, random passwords that pass the policy and open a session, created once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccountsNotice, demoPassword } from '../demo/accounts.js';
import { passwordProblem } from './auth/policy.js';
import { ensureDemoAccounts } from './demo-accounts.js';
import { consoleFixture } from './test-support/services.js';

test('one account per role, random passwords the policy accepts; a second start creates none', async () => {
  const f = await consoleFixture();
  try {
    const created = await ensureDemoAccounts(f.services);
    assert.deepEqual(created.map((a) => a.role).sort(), ['admin', 'agent', 'auditor', 'supervisor']);
    assert.equal(new Set(created.map((a) => a.password)).size, 4, 'four different passwords');
    for (const a of created) {
      assert.equal(passwordProblem(a.password, a.email), null, `${a.email}'s password passes the policy`);
      const r = await f.services.auth.login(a.email, a.password);
      assert.ok(r.ok && r.account.role === a.role, `${a.email} signs in as ${a.role}`);
    }
    assert.deepEqual(await ensureDemoAccounts(f.services), [], 'created once');
    const lines = demoAccountsNotice(created, 'http://127.0.0.1:8080/console');
    assert.match(lines[0], /^DÉMO : comptes de la console créés/);
    assert.ok(lines.slice(1).every((l) => l.startsWith('  DÉMO  ')), 'each password line says DÉMO');
    assert.match(demoAccountsNotice([], 'x')[0], /déjà créés/);
    const actions = (await f.services.audit.latest(20)).map((e) => [e.actor, e.action]).filter(([, a]) => a === 'user_added');
    assert.equal(actions.length, 4);
    assert.ok(actions.every(([actor]) => actor === 'system'));
  } finally {
    await f.close();
  }
});

test('demo passwords are drawn fresh each time', () => {
  const seen = new Set(Array.from({ length: 50 }, demoPassword));
  assert.equal(seen.size, 50);
});
