/** @module Tests: canonical audit entries, the closed action list, secrets refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_ACTIONS, AuditRefused, auditBody, canonicalDetails, checkActor, parseAuditBody } from './entry.js';

test('an entry body is seq, at, actor, action, then details with keys sorted at every depth', () => {
  const d = canonicalDetails({ zone: 'Owendo', email: 'a@seeg.ga', nested: { b: 1, a: [{ y: 2, x: 1 }] } });
  const body = auditBody(7, '2020-04-01T08:00:00.000Z', 'cli:root', 'user_added', d);
  assert.equal(body, '{"seq":7,"at":"2020-04-01T08:00:00.000Z","actor":"cli:root","action":"user_added",'
    + '"details":{"email":"a@seeg.ga","nested":{"a":[{"x":1,"y":2}],"b":1},"zone":"Owendo"}}');
  assert.deepEqual(parseAuditBody(body), { seq: 7, at: '2020-04-01T08:00:00.000Z', actor: 'cli:root', action: 'user_added', details: d });
  // Undefined is left out, as JSON.stringify would, but before hashing (the text must not depend on who built the object).
  assert.deepEqual(canonicalDetails({ a: 1, b: undefined }), { a: 1 });
});

test('a secret never enters the log: by key, or by looking like an STS token or a password hash', () => {
  for (const details of [
    { password: 'x' }, { new_password: 'x' }, { csrf: 'x' }, { sessionId: 'x' }, { token: '1234' }, { nested: { api_key: 'k' } },
    { list: [{ token_sha256: 'ab' }] }, { shown: '58000000000000000001' }, { shown: '5800 0000 0000 0000 0001' },
    { hash: 'scrypt$131072$8$1$abc$def' },
  ]) {
    assert.throws(() => canonicalDetails(details), AuditRefused, JSON.stringify(details));
  }
  // Ordinary details pass, including meter numbers and the names of actions.
  assert.deepEqual(canonicalDetails({ meter_no: '14123456789', claim_id: 'G-00000001', reason: 'bad_password', sessions_ended: 2 }),
    { claim_id: 'G-00000001', meter_no: '14123456789', reason: 'bad_password', sessions_ended: 2 });
});

test('details must be JSON data of bounded size; actors one printable line', () => {
  assert.throws(() => canonicalDetails({ n: NaN }), AuditRefused);
  assert.throws(() => canonicalDetails({ when: new Date() }), AuditRefused);
  assert.throws(() => canonicalDetails({ f: () => 1 }), AuditRefused);
  assert.throws(() => canonicalDetails({ note: 'x'.repeat(20_000) }), AuditRefused);
  assert.throws(() => checkActor(''), AuditRefused);
  assert.throws(() => checkActor('a@seeg.ga\nforged line'), AuditRefused);
  checkActor('cli:root');
});

test('the closed list holds the actions the brief and CONTRACT §9-10 name, without repeats', () => {
  for (const a of ['login', 'login_failed', 'lockout', 'logout', 'user_added', 'user_disabled', 'password_reset', 'programme_changed',
    'cycle_opened', 'cycle_closed', 'admit_rate_changed', 'issued_on_behalf', 'sms_resent', 'token_shown', 'export', 'import',
    'grievance_logged', 'grievance_decided', 'note_added']) assert.ok((AUDIT_ACTIONS as readonly string[]).includes(a), a);
  assert.equal(new Set(AUDIT_ACTIONS).size, AUDIT_ACTIONS.length);
});

test('an unreadable body parses to null', () => {
  for (const b of ['', '{', '[]', '{"seq":"1","at":"x","actor":"a","action":"b","details":{}}', '{"seq":1,"at":"x","actor":"a","action":"b","details":[]}']) {
    assert.equal(parseAuditBody(b), null, b);
  }
});
