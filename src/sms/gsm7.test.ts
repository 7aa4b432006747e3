/** @module Tests: the GSM 03.38 default alphabet, its extension table, and the French characters that are not in it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SINGLE_SMS_SEPTETS, decodeGsm7, encodeGsm7, isGsm7, nonGsm7, septets } from './gsm7.js';

const hex = (b: Buffer) => b.toString('hex');

test('the default alphabet, byte for byte where French text lands (3GPP TS 23.038 §6.2.1)', () => {
  const cases: [string, string][] = [
    ['@', '00'], ['£', '01'], ['$', '02'], ['è', '04'], ['é', '05'], ['ù', '06'], ['ì', '07'], ['ò', '08'], ['Ç', '09'],
    ['\n', '0a'], ['\r', '0d'], ['_', '11'], ['É', '1f'], [' ', '20'], ['¤', '24'], ['0', '30'], ['¡', '40'], ['A', '41'],
    ['Ä', '5b'], ['§', '5f'], ['¿', '60'], ['a', '61'], ['ä', '7b'], ['ü', '7e'], ['à', '7f'],
  ];
  for (const [ch, code] of cases) assert.equal(hex(encodeGsm7(ch)), code, `${ch} → 0x${code}`);
});

test('the extension table: ESC then the code, two septets each', () => {
  const ext: [string, string][] = [['\f', '0a'], ['^', '14'], ['{', '28'], ['}', '29'], ['\\', '2f'], ['[', '3c'], ['~', '3d'], [']', '3e'], ['|', '40'], ['€', '65']];
  for (const [ch, code] of ext) {
    assert.equal(hex(encodeGsm7(ch)), `1b${code}`, ch);
    assert.equal(septets(ch), 2, ch);
    assert.equal(decodeGsm7(encodeGsm7(ch)), ch);
  }
  assert.equal(hex(encodeGsm7('5 €')), '35201b65');
});

test('every one of the 127 septets (ESC aside) decodes and encodes back to itself', () => {
  const all = Buffer.from([...Array(128).keys()].filter((i) => i !== 0x1b));
  const text = decodeGsm7(all);
  assert.equal([...text].length, 127);
  assert.ok(isGsm7(text), 'the whole table is GSM-7');
  assert.deepEqual(encodeGsm7(text), all);
});

test('French: é è à ù ì ò É Ç are GSM-7; ê ô î â ç, the typographic apostrophe, « » and the non-breaking space are not', () => {
  for (const ch of ['é', 'è', 'à', 'ù', 'ì', 'ò', 'É', 'Ç']) assert.ok(isGsm7(ch), ch);
  for (const ch of ['ê', 'ô', 'î', 'â', 'ç', '’', '«', '»', '\u00a0', 'œ', 'È', 'À', 'ë', 'ï']) assert.equal(isGsm7(ch), false, ch);
  const sentence = 'Votre crédit d’électricité est prêt\u00a0: «\u00a01234\u00a05678\u00a0»';
  assert.deepEqual(nonGsm7(sentence), ['’', 'ê', '\u00a0', '«', '»']);
  assert.deepEqual(nonGsm7('prêt, prêt, où ça ?'), ['ê', 'ç']);
  assert.throws(() => encodeGsm7('prêt'), /not GSM-7: 'ê' \(U\+00EA\)/);
  assert.throws(() => septets('l’eau'), /U\+2019/);
});

test('septets: what fits one SMS; an emoji is one character, not GSM-7', () => {
  assert.equal(septets(''), 0);
  assert.equal(septets('SEEG: votre code 1234 5678 9012 3456 7890'), 41);
  assert.equal(septets('{€}'), 6);
  assert.equal(septets('a'.repeat(SINGLE_SMS_SEPTETS)), 160);
  assert.equal(septets('€'.repeat(80)), 160);
  assert.deepEqual(nonGsm7('ok 😀'), ['😀']);
  assert.equal(isGsm7('ok 😀'), false);
});

test('decoding what a wrong data_coding or a broken escape brings: visible, never dropped silently', () => {
  // ESC followed by a code the extension table lacks: the default-alphabet character (23.038 §6.2.1.1).
  assert.equal(decodeGsm7(Buffer.from([0x1b, 0x41])), 'A');
  assert.equal(decodeGsm7(Buffer.from([0x41, 0x1b])), 'A');
  assert.equal(decodeGsm7(Buffer.from([0xe9])), '\ufffd');
  assert.equal(decodeGsm7(Buffer.from('GRATUIT 37446479240', 'ascii')), 'GRATUIT 37446479240');
  assert.equal(decodeGsm7(Buffer.from([0x44, 0x7f, 0x6a, 0x05, 0x20, 0x1f, 0x74, 0x05])), 'Dàjé Été');
});
