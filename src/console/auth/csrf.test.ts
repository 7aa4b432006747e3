/** @module Tests: CSRF tokens: random, and only the exact token matches. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrfMatches, newCsrfToken } from './csrf.js';

test('a CSRF token is 256 random bits in base64url, new each time', () => {
  const a = newCsrfToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, newCsrfToken());
});

test('only the session token itself matches: not a prefix, a longer string, another case, or nothing', () => {
  const t = newCsrfToken();
  assert.equal(csrfMatches(t, t), true);
  assert.equal(csrfMatches(t, `${t}`), true);
  for (const given of [t.slice(0, -1), `${t}x`, t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase(), '', null, undefined, newCsrfToken()]) {
    assert.equal(csrfMatches(t, given), false, String(given));
  }
  // A session without a token (never the case, but) matches nothing, not even the empty string.
  assert.equal(csrfMatches('', ''), false);
});
