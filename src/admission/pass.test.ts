/** @module Pass codec: shape, binding, expiry, and every kind of tampering. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassCodec, PASS_LENGTH, type PassClaims } from './pass.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
const codec = new PassCodec(SECRET);
const KEY = 'meter:14123456789';
const tag = codec.keyTag(KEY);
const T0 = 1_700_000_000_000;
const claims: PassClaims = { pre: false, epoch: 0xdeadbeef, ticket: 123_456, iat: T0 / 1000, exp: T0 / 1000 + 900 };

test('a pass is 52 URL-safe characters and reads back what was signed', () => {
  const p = codec.issue(claims, tag);
  assert.equal(p.length, PASS_LENGTH);
  assert.match(p, /^[A-Za-z0-9_-]+$/);
  assert.equal(encodeURIComponent(p), p);
  assert.deepEqual(codec.verify(p, tag, T0 + 1000), claims);
  assert.deepEqual(codec.verify(codec.issue({ ...claims, pre: true }, tag), tag, T0), { ...claims, pre: true });
});

test('the key is bound through a keyed tag, not carried', () => {
  const p = codec.issue(claims, tag);
  assert.ok(!Buffer.from(p, 'base64url').includes(Buffer.from('14123456789')));
  assert.equal(codec.verify(p, codec.keyTag('meter:14123456790'), T0), 'foreign');
  assert.equal(codec.verify(p, codec.keyTag('contract:14123456789'), T0), 'foreign');
  assert.notDeepEqual(new PassCodec(Buffer.alloc(32, 7)).keyTag(KEY), tag); // another secret, another tag
});

test('altering any byte of any field is a forgery', () => {
  const raw = Buffer.from(codec.issue(claims, tag), 'base64url');
  const fields: Record<string, number[]> = { kind: [0], epoch: [1, 4], ticket: [5, 8], iat: [9, 12], exp: [13, 16], tag: [17, 22], mac: [23, 38] };
  for (const [name, idx] of Object.entries(fields)) {
    for (const i of idx) {
      const b = Buffer.from(raw);
      b[i] ^= name === 'kind' ? 0x03 : 0x01; // kind 0x11 -> 0x12: still a valid kind, so only the MAC can tell
      assert.equal(codec.verify(b.toString('base64url'), tag, T0), 'forged', `${name} byte ${i}`);
    }
  }
  // A ticket moved to the front of the line, with the expiry pushed out: still forged.
  const b = Buffer.from(raw);
  b.writeUInt32BE(0, 5);
  b.writeUInt32BE(0xffffffff, 13);
  assert.equal(codec.verify(b.toString('base64url'), tag, T0), 'forged');
});

test('wrong secret, expiry, malformed input', () => {
  const p = codec.issue(claims, tag);
  const other = new PassCodec(Buffer.from('fedcba9876543210fedcba9876543210'));
  assert.equal(other.verify(p, other.keyTag(KEY), T0), 'forged');
  assert.equal(codec.verify(p, tag, claims.exp * 1000 - 1) instanceof Object, true);
  assert.equal(codec.verify(p, tag, claims.exp * 1000), 'expired');
  for (const bad of ['', 'x', p.slice(1), p + 'A', p.slice(0, -1) + '!', p.replace(/./, '+'), ' '.repeat(52), p.slice(0, 40) + '=' + p.slice(41)]) {
    assert.equal(codec.verify(bad, tag, T0), 'malformed', JSON.stringify(bad));
  }
  const wrongKind = Buffer.from(p, 'base64url');
  wrongKind[0] = 0x99;
  assert.equal(codec.verify(wrongKind.toString('base64url'), tag, T0), 'malformed');
  assert.throws(() => new PassCodec(Buffer.alloc(8)), /at least 16 bytes/);
});
