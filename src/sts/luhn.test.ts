/** @module PAN and DRN check digits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPan, isValidDrn, isValidLuhn, luhnCheckDigit, parsePan, StsError, validateDrn } from './index.js';

const code = (c: string) => (e: unknown) => e instanceof StsError && e.code === c;

test('buildPan: IIN + meter number + Luhn of both, in both IIN forms', () => {
  assert.equal(buildPan('600727', '00000000000'), '600727000000000009');
  assert.equal(buildPan('0000', '0100000000008'), '000001000000000082');
  assert.equal(buildPan('600727', '43135625622'), '600727431356256228');
  assert.equal(buildPan('0000', '7861754265922'), '000078617542659220');
});

test('buildPan refuses a meter number with a wrong check digit, or of the wrong length for its IIN', () => {
  assert.throws(() => buildPan('600727', '43135625620'), code('bad_check_digit'));
  assert.throws(() => buildPan('600727', '7861754265922'), code('bad_pan'));
  assert.throws(() => buildPan('0000', '43135625622'), code('bad_pan'));
  assert.throws(() => buildPan('60072', '43135625622'), code('bad_key_data'));
});

test('DRN: 11 or 13 digits, last one Luhn', () => {
  assert.equal(validateDrn('43135625622'), '43135625622');
  assert.equal(validateDrn('7861754265922'), '7861754265922');
  assert.ok(isValidDrn('7861754265922'));
  assert.ok(!isValidDrn('7861754265921'));
  assert.ok(!isValidDrn('123456789012')); // 12 digits
  assert.throws(() => validateDrn('4313562562'), code('bad_drn'));
  assert.throws(() => validateDrn('4313562562a'), code('bad_drn'));
  assert.throws(() => validateDrn('43135625628'), (e: unknown) => code('bad_check_digit')(e) && /expected 2/.test((e as Error).message));
});

test('parsePan splits the two forms and checks the PAN digit', () => {
  assert.deepEqual(parsePan('600727000000000009'), { iin: '600727', meterNo: '00000000000', pan: '600727000000000009' });
  assert.deepEqual(parsePan('000001000000000082'), { iin: '0000', meterNo: '0100000000008', pan: '000001000000000082' });
  assert.throws(() => parsePan('600727000000000008'), (e: unknown) => code('bad_check_digit')(e) && /expected 9/.test((e as Error).message));
  assert.throws(() => parsePan('60072700000000009'), code('bad_pan'));
  assert.throws(() => parsePan('60072700000000000x'), code('bad_pan'));
});

test('every single-digit typing error in a DRN is caught by its check digit', () => {
  const drn = '7861754265922';
  for (let i = 0; i < drn.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === drn[i]) continue;
      assert.ok(!isValidLuhn(drn.slice(0, i) + d + drn.slice(i + 1)), `${i}:${d}`);
    }
  }
  assert.throws(() => luhnCheckDigit('12a'), StsError);
  assert.ok(!isValidLuhn('0'));
});
