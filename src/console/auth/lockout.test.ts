/** @module Tests: lockout by an injected clock: the fifth failure, the 15-minute lock, the window, locked attempts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FailureState } from '../../store/console-contract.js';
import { LOCKOUT, afterFailure, lockedBy, lockedUntil } from './lockout.js';

const MIN = 60_000;
const T0 = Date.parse('2020-04-01T08:00:00Z');

/** Fails `times` times, one every `every` ms from `start`; returns the state and the instants that locked it. */
function fail(times: number, every: number, start = T0, from: FailureState | null = null) {
  let s = from;
  const locks: number[] = [];
  for (let i = 0; i < times; i++) {
    const now = start + i * every;
    const next = afterFailure(s, now);
    if (lockedBy(s, next, now)) locks.push(now);
    s = next;
  }
  return { s: s!, locks };
}

test('the policy is 5 failures within 15 minutes, locking for 15 minutes', () => {
  assert.deepEqual(LOCKOUT, { maxFailures: 5, windowMs: 15 * MIN, lockMs: 15 * MIN });
});

test('four failures do not lock; the fifth locks for exactly 15 minutes', () => {
  const four = fail(4, MIN);
  assert.equal(lockedUntil(four.s, T0 + 4 * MIN), null);
  assert.deepEqual(four.locks, []);
  const five = fail(5, MIN);
  assert.deepEqual(five.locks, [T0 + 4 * MIN]);
  const lockedAt = T0 + 4 * MIN;
  assert.equal(lockedUntil(five.s, lockedAt), lockedAt + 15 * MIN);
  assert.equal(lockedUntil(five.s, lockedAt + 15 * MIN - 1), lockedAt + 15 * MIN);
  assert.equal(lockedUntil(five.s, lockedAt + 15 * MIN), null);
});

test('failing while locked neither counts nor pushes the lock further', () => {
  const { s } = fail(5, 1000);
  const until = s.locked_until_ms!;
  const again = fail(20, 10_000, T0 + 5000, s);
  assert.equal(again.s.locked_until_ms, until);
  assert.deepEqual(again.locks, []);
});

test('after the lock runs out, counting starts again from one', () => {
  const { s } = fail(5, 1000);
  const after = afterFailure(s, s.locked_until_ms!);
  assert.deepEqual(after, { failures: 1, window_start_ms: s.locked_until_ms!, locked_until_ms: null });
  assert.deepEqual(fail(5, 1000, s.locked_until_ms!, s).locks, [s.locked_until_ms! + 4000]);
});

test('failures spread over more than 15 minutes never lock', () => {
  // One every 4 minutes: the fifth of a run would come 16 minutes after its first.
  assert.deepEqual(fail(30, 4 * MIN).locks, []);
  // One every 3.5 minutes: 4 x 3.5 = 14 minutes, inside the window.
  assert.deepEqual(fail(5, 3.5 * MIN).locks, [T0 + 14 * MIN]);
});

test('a node whose clock is behind the first failure still counts within the window', () => {
  const first = afterFailure(null, T0);
  const behind = afterFailure(first, T0 - 30_000);
  assert.equal(behind.failures, 2);
});
