/** @module Tests: operator accounts from the console: the admin adds, disables and resets (audited under the admin's name); the auditor reads; nobody else. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleHarness, type ConsoleHarness } from './test-support/harness.js';

let h: ConsoleHarness;
before(async () => {
  h = await consoleHarness();
});
after(() => h.close());

const last = async () => (await h.services.audit.latest(1)).map((e): Record<string, unknown> => ({ actor: e.actor, action: e.action, ...e.details }))[0];

test('the admin creates, disables and resets accounts; each change in the audit log under the admin\'s name', async () => {
  const admin = await h.session('admin');
  const weak = await admin.post('/console/comptes', { email: 'nouvel.agent@seeg.ga', role: 'agent', password: 'password123!' });
  assert.equal(weak.statusCode, 400);
  assert.match(weak.body, /Refusé : password refused/);
  const ok = await admin.post('/console/comptes', { email: 'Nouvel.Agent@seeg.ga', role: 'agent', password: 'une phrase assez longue pour elle' });
  assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
  assert.match(ok.body, /<td>nouvel\.agent@seeg\.ga<\/td>/);
  assert.deepEqual([(await last()).actor, (await last()).action], ['admin@seeg.ga', 'user_added']);
  const agent = await h.session('agent');
  assert.equal((await admin.post('/console/comptes/desactiver', { email: 'agent@seeg.ga' })).statusCode, 200);
  assert.equal((await agent.get('/console/guichet')).statusCode, 303, 'the disabled account\'s session is over');
  assert.equal((await last()).action, 'user_disabled');
  assert.equal((await admin.post('/console/comptes/desactiver', { email: 'admin@seeg.ga' })).statusCode, 400, 'not one\'s own account');
  assert.equal((await admin.post('/console/comptes/mot-de-passe', { email: 'supervisor@seeg.ga', password: 'un autre mot de passe solide' })).statusCode, 200);
  assert.equal((await last()).action, 'password_reset');
  assert.equal((await admin.post('/console/comptes/mot-de-passe', { email: 'personne@seeg.ga', password: 'un autre mot de passe solide' })).statusCode, 400);
});

test('the auditor reads the accounts and changes none; a supervisor does not see them', async () => {
  const auditor = await h.session('auditor');
  const page = await auditor.get('/console/comptes');
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /<form method="post" action="\/console\/comptes/);
  assert.equal((await auditor.post('/console/comptes', { email: 'x@seeg.ga', role: 'admin', password: 'une phrase assez longue pour elle' })).statusCode, 403);
  assert.equal((await (await h.session('supervisor')).get('/console/comptes')).statusCode, 403);
  assert.doesNotMatch(page.body, /password_hash|scrypt\$/, 'never a hash');
});
