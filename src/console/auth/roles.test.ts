/** @module Tests: the role table of CONTRACT §9 as can(role, permission). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PERMISSIONS, ROLES, can, isRole, permissionsOf } from './roles.js';

test('each role may do what CONTRACT §9 gives it, and not what it gives another', () => {
  const yes: [string, string][] = [
    ['admin', 'accounts.manage'], ['admin', 'settings.manage'], ['admin', 'audit.read'],
    ['supervisor', 'programmes.manage'], ['supervisor', 'cycles.manage'], ['supervisor', 'opening.manage'],
    ['supervisor', 'admit_rate.manage'], ['supervisor', 'grievances.decide'], ['supervisor', 'exports.run'],
    ['agent', 'subscribers.search'], ['agent', 'credits.issue_on_behalf'], ['agent', 'sms.resend'], ['agent', 'grievances.log'],
    ['auditor', 'audit.read'], ['auditor', 'accounts.read'], ['auditor', 'programmes.read'], ['auditor', 'grievances.read'],
  ];
  for (const [r, p] of yes) assert.equal(can(r, p), true, `${r} ${p}`);
  const no: [string, string][] = [
    ['admin', 'credits.issue_on_behalf'], ['admin', 'grievances.decide'], ['supervisor', 'accounts.manage'],
    ['supervisor', 'audit.read'], ['agent', 'grievances.decide'], ['agent', 'exports.run'], ['agent', 'accounts.read'],
    ['agent', 'audit.read'],
  ];
  for (const [r, p] of no) assert.equal(can(r, p), false, `${r} ${p}`);
});

test('the auditor reads everything and changes nothing', () => {
  for (const p of PERMISSIONS) {
    const read = p.endsWith('.read') || p === 'subscribers.search';
    assert.equal(can('auditor', p), read, p);
  }
});

test('an unknown role or permission is denied, never allowed', () => {
  assert.equal(can('root', 'accounts.manage'), false);
  assert.equal(can('admin', 'accounts.delete'), false);
  assert.equal(can('admin', ''), false);
  assert.equal(isRole('admin'), true);
  assert.equal(isRole('Admin'), false);
  assert.deepEqual([...ROLES], ['admin', 'supervisor', 'agent', 'auditor']);
  assert.ok(permissionsOf('agent').includes('sms.resend'));
});
