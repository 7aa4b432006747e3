/** @module Tests: the password policy and the shipped common-password list, each refusal with its reason. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import list from './common-passwords.json' with { type: 'json' };
import { COMMON_PASSWORD_COUNT, commonMatch } from './common-passwords.js';
import { MAX_LENGTH, MIN_LENGTH, passwordProblem } from './policy.js';

test('the shipped list holds thousands of entries, lower-case, no repeats', () => {
  const entries = list as string[];
  assert.ok(entries.length >= 20_000, `${entries.length} entries`);
  assert.equal(COMMON_PASSWORD_COUNT, entries.length);
  assert.deepEqual(entries.filter((p) => p !== p.toLowerCase() || p.trim() !== p || p === ''), []);
});

test('obvious passwords of 12 characters and more are refused as common, whatever their case', () => {
  for (const p of ['123456789012', 'motdepasse123', 'azertyuiop12', 'password1234', 'qwertyuiop123', 'guichetseeg2020',
    'GuichetSEEG2020', 'MotDePasse123', '1qaz2wsx3edc', 'qwerty123456', 'administrateur', 'confinement2020', 'libreville2020']) {
    assert.equal(commonMatch(p), 'listed', p);
    assert.equal(passwordProblem(p), 'it is in the list of common passwords that attackers try first', p);
  }
});

test('a common password with digits or symbols around it, or look-alikes, is refused too', () => {
  for (const p of ['Motdepasse2020!', 'P@ssw0rd1234', '2020guichetseeg', 'soleil12345678', 'Libreville!241', 'jetaime!!2024',
    'dragon123456', 'm0tdepasse2021', 'AZERTYUIOP!!!']) {
    assert.equal(commonMatch(p), 'decorated', p);
    assert.equal(passwordProblem(p), 'it is a common password with digits, symbols or look-alike characters added', p);
  }
});

test('length: at least 12 characters as typed (é counts one), at most 256', () => {
  assert.equal(passwordProblem('Ngounié-31!'), 'too short: at least 12 characters (this one has 11)');
  assert.equal(passwordProblem('e\u0301'.repeat(6)), 'too short: at least 12 characters (this one has 6)');
  assert.equal(passwordProblem('Ngounié-312!'), null);
  assert.equal(MIN_LENGTH, 12);
  const long = 'pirogue sur la Ngounié, ';
  assert.equal(passwordProblem(long.repeat(11).slice(0, MAX_LENGTH)), null);
  assert.match(passwordProblem(long.repeat(11))!, /^too long: at most 256 characters/);
});

test('control characters, repeated characters and the account email are refused, each with its reason', () => {
  assert.equal(passwordProblem('tortue verte\nsous la pluie'), 'it contains a control character (a line break or tab?)');
  assert.equal(passwordProblem('abababababababab'), 'it repeats too few different characters (at least 5 different ones)');
  assert.equal(passwordProblem('Xyz9Xyz9Xyz9Xyz9'), 'it repeats too few different characters (at least 5 different ones)');
  assert.equal(passwordProblem('nzamba.ondo-1988', 'nzamba.ondo@seeg.ga'), "it contains the account's email address");
  assert.equal(passwordProblem('nzamba.ondo-1988', 'other@seeg.ga'), null);
});

test('passphrases and random passwords pass', () => {
  for (const p of ['correct horse battery staple', 'tortue verte sous la pluie', 'Ngounié-2031-pirogue', 'kT7#vQ2m!pL9zR', 'okoumé rouge à Lambaréné']) {
    assert.equal(passwordProblem(p, 'agent@seeg.ga'), null, p);
  }
});
