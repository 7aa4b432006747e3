/** @module Tests: email normalisation and the addresses refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailProblem, normaliseEmail, validEmail } from './email.js';

test('emails are trimmed and lower-cased: one account however it is typed', () => {
  assert.equal(normaliseEmail('  Nzamba.Ondo@SEEG.ga '), 'nzamba.ondo@seeg.ga');
  assert.equal(validEmail('Agent+Owendo@Seeg.GA'), 'agent+owendo@seeg.ga');
});

test('what is not an address is refused, with the reason', () => {
  assert.equal(emailProblem(''), 'the email address is empty');
  for (const bad of ['agent', 'agent@', '@seeg.ga', 'agent@seeg', 'a b@seeg.ga', 'agent@seeg..ga', 'agent@-seeg.ga', 'a..b@seeg.ga', 'agent@192.168.1.1', 'agent@séeg.ga']) {
    assert.notEqual(emailProblem(bad), null, bad);
    assert.equal(validEmail(bad), null, bad);
  }
  assert.match(emailProblem(`${'a'.repeat(65)}@seeg.ga`)!, /before the @ is too long/);
  assert.match(emailProblem(`a@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(10)}.ga`)!, /the email address is too long/);
  assert.equal(emailProblem('agent@xn--sg-bja.ga'), null);
});
