/** @module Tests: the restart schedule of `guichet cluster` (pure). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_RESTART, nextRestart } from './backoff.js';

/** The delays of `n` restarts in a row of a node that dies `upMs` after each start (null: while starting). */
function run(n: number, upMs: number | null): { delays: number[]; loops: boolean[] } {
  let attempt = 0;
  const delays: number[] = [];
  const loops: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const r = nextRestart(attempt, upMs);
    attempt = r.attempt;
    delays.push(r.delayMs);
    loops.push(r.crashLoop);
  }
  return { delays, loops };
}

test('0.5 s, doubling at each restart in a row, capped at 30 s; the crash loop is said once the cap is reached', () => {
  const { delays, loops } = run(10, null);
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  assert.deepEqual(loops, [false, false, false, false, false, false, true, true, true, true]);
  // A node that starts, answers, and dies within the minute is no better than one that dies while starting.
  assert.deepEqual(run(10, 5_000).delays, delays);
});

test('a node that stayed up a minute starts the schedule over', () => {
  assert.deepEqual(nextRestart(8, NODE_RESTART.stableMs), { attempt: 1, delayMs: 500, crashLoop: false });
  assert.deepEqual(nextRestart(8, NODE_RESTART.stableMs - 1), { attempt: 9, delayMs: 30_000, crashLoop: true });
  // The first death of a node that was up since the cluster started (attempt 0).
  assert.deepEqual(nextRestart(0, 3_600_000), { attempt: 1, delayMs: 500, crashLoop: false });
  assert.deepEqual(nextRestart(0, 10), { attempt: 1, delayMs: 500, crashLoop: false });
});

test('never spins, never overflows: a node dying for days is retried at the cap, a finite delay', () => {
  for (const attempt of [50, 1_000, 1_000_000]) {
    const r = nextRestart(attempt, null);
    assert.equal(r.delayMs, 30_000);
    assert.equal(r.crashLoop, true);
  }
  assert.deepEqual(nextRestart(0, null, { firstMs: 100, capMs: 250, stableMs: 1000 }), { attempt: 1, delayMs: 100, crashLoop: false });
  assert.deepEqual(nextRestart(2, null, { firstMs: 100, capMs: 250, stableMs: 1000 }), { attempt: 3, delayMs: 250, crashLoop: true });
});
