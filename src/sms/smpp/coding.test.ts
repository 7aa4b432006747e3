/** @module Tests: short_message text by data_coding (GSM-7, UCS2, Latin-1, IA5), and the user data header cut off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeShortMessage, encodeUcs2, withoutUdh } from './coding.js';

test('data_coding 0 is GSM 03.38, unpacked; 0xF0-0xF3 too (message class), 0xF4-0xF7 are 8-bit data', () => {
  const gsm = Buffer.from('4752415455495420051f7f1b65', 'hex');
  assert.equal(decodeShortMessage(0, gsm), 'GRATUIT éÉà€');
  assert.equal(decodeShortMessage(0xf1, gsm), 'GRATUIT éÉà€');
  assert.equal(decodeShortMessage(0xf5, Buffer.from([0xe9])), 'é');
});

test('data_coding 8 is UCS2 big-endian: the French characters GSM-7 lacks, and a truncated odd byte dropped', () => {
  const bytes = Buffer.from('007000720065006a002020190020006b00f400ab00a0', 'hex');
  assert.equal(decodeShortMessage(8, bytes), 'prej ’ kô«\u00a0');
  assert.deepEqual(encodeUcs2('prej ’ kô«\u00a0'), bytes);
  assert.equal(decodeShortMessage(8, Buffer.from('00410042', 'hex').subarray(0, 3)), 'A');
  assert.equal(decodeShortMessage(8, encodeUcs2('😀 ok')), '😀 ok');
});

test('data_coding 3 is Latin-1, 1 (IA5) is ASCII: @ is 0x40 there, not 0x00', () => {
  assert.equal(decodeShortMessage(3, Buffer.from('7072ea74', 'hex')), 'prêt');
  assert.equal(decodeShortMessage(1, Buffer.from('a@b_', 'ascii')), 'a@b_');
  assert.equal(decodeShortMessage(0, Buffer.from('a@b_', 'ascii')), 'a¡b§');
});

test('a user data header (esm_class 0x40) is cut off; without the flag the bytes stay whole', () => {
  const part = Buffer.from('050003a70201' + '41424344', 'hex');
  assert.deepEqual(withoutUdh(0x40, part), Buffer.from('ABCD'));
  assert.deepEqual(withoutUdh(0x00, part), part);
  assert.deepEqual(withoutUdh(0x40, Buffer.from([0x09, 0x00])), Buffer.alloc(0));
});
