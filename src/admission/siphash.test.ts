/** @module SipHash-2-4: the reference vectors of the paper and of the reference implementation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sip, siphash24, siphashString, sipKey } from './siphash.js';

const KEY = sipKey(Uint8Array.from({ length: 16 }, (_, i) => i));
const MSG = Uint8Array.from({ length: 64 }, (_, i) => i);
const hex = () => sip.hi.toString(16).padStart(8, '0') + sip.lo.toString(16).padStart(8, '0');

test('reference vectors', () => {
  const vectors: [number, string][] = [
    [0, '726fdb47dd0e0e31'],
    [1, '74f839c593dc67fd'],
    [2, '0d6c8009d9a94f5a'],
    [3, '85676696d7fb7e2d'],
    [4, 'cf2794e0277187b7'],
    [8, '93f5f5799a932462'],
    [15, 'a129ca6149be45e5'],
  ];
  for (const [len, want] of vectors) {
    siphash24(KEY, MSG, len);
    assert.equal(hex(), want, `length ${len}`);
  }
});

test('strings hash their UTF-8 bytes, short or long, and depend on the key', () => {
  siphashString(KEY, 'meter:14123456789');
  const a = hex();
  siphash24(KEY, Buffer.from('meter:14123456789'));
  assert.equal(hex(), a);
  const long = 'contrat:é'.repeat(40);
  siphashString(KEY, long);
  const b = hex();
  siphash24(KEY, Buffer.from(long, 'utf8'));
  assert.equal(hex(), b);
  siphashString(sipKey(Uint8Array.from({ length: 16 }, (_, i) => i + 1)), 'meter:14123456789');
  assert.notEqual(hex(), a);
});
