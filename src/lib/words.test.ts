/** @module Tests: counts agree with their noun. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, int } from './words.js';

test('one row, two rows, thousands grouped', () => {
  assert.equal(count(1, 'row'), '1 row');
  assert.equal(count(0, 'row'), '0 rows');
  assert.equal(count(12345, 'row'), '12,345 rows');
  assert.equal(count(1, 'entry', 'entries'), '1 entry');
  assert.equal(count(3, 'entry', 'entries'), '3 entries');
  assert.equal(int(400934), '400,934');
  assert.equal(count(12345, 'entry', 'entries', { plain: true }), '12345 entries', 'digits only where scripts read the count');
});
