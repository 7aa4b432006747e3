/** @module Tests: until() returns the first truthy value, and fails at its deadline with the message. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from './until.js';

test('until returns what the predicate found, sync or async', async () => {
  let n = 0;
  assert.equal(await until(() => (++n >= 3 ? n : 0), 1000, 'three calls', 1), 3);
  assert.equal(await until(async () => 'ok', 1000, 'async'), 'ok');
});

test('until fails at its deadline with the message, the state described when asked', async () => {
  await assert.rejects(until(() => false, 30, 'never true', 5), /never true \(waited 30 ms\)/);
  let seen = 0;
  await assert.rejects(until(() => (seen++, false), 30, () => `seen ${seen} times`, 5), /seen \d+ times/);
});
