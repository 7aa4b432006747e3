/** @module Retry-After: jittered, capped at 20 s, at least 1 s, close to the ETA. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etaSeconds, MAX_RETRY_S, retryAfter } from './timing.js';
import { seeded } from './test-support/crowd.js';

test('ETA: position over rate, rounded up, at least 1 s', () => {
  assert.equal(etaSeconds(1, 200), 1);
  assert.equal(etaSeconds(200, 200), 1);
  assert.equal(etaSeconds(201, 200), 2);
  assert.equal(etaSeconds(1800, 200), 9);
  assert.equal(etaSeconds(5, 0.5), 10);
});

test('Retry-After stays within 10% (and a second) of the ETA, spread, never above 20 or below 1', () => {
  const rnd = seeded(3);
  for (const eta of [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 19, 20, 21, 25, 60, 3600]) {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const r = retryAfter(eta, rnd());
      assert.ok(Number.isInteger(r) && r >= 1 && r <= MAX_RETRY_S, `eta ${eta}: ${r}`);
      const target = Math.min(eta, MAX_RETRY_S);
      assert.ok(Math.abs(r - target) <= Math.max(0.1 * target + 0.5, 0), `eta ${eta}: ${r}`);
      seen.add(r);
    }
    // Jitter shows once a second is under 10% of the wait; a short wait is told exactly (whole seconds only).
    if (eta <= 4) assert.deepEqual([...seen], [eta]);
    if (eta >= 10) assert.ok(seen.size >= 3, `eta ${eta}: ${[...seen]}`);
  }
  assert.equal(retryAfter(0.2, 0.5), 1);
  assert.equal(retryAfter(1, 0.99), 1);
});

test('a long line does not poll in step: capped answers are spread over 18-20 s', () => {
  const counts = new Map<number, number>();
  const rnd = seeded(9);
  for (let i = 0; i < 3000; i++) {
    const r = retryAfter(500, rnd());
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort(), [18, 19, 20]);
  for (const c of counts.values()) assert.ok(c > 800, String([...counts]));
});
