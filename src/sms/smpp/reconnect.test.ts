/** @module Tests: the reconnection schedule of the SMPP link (pure, randomness injected). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SMPP_RECONNECT, reconnectDelay } from './reconnect.js';

function schedule(n: number, random: () => number, upMs: number | null = null): number[] {
  const out: number[] = [];
  let attempt = 0;
  for (let i = 0; i < n; i++) {
    const r = reconnectDelay(attempt, upMs, random);
    attempt = r.attempt;
    out.push(r.delayMs);
  }
  return out;
}

test('doubling from 1 s to a minute; jitter takes between half and all of each step', () => {
  assert.deepEqual(schedule(8, () => 1), [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
  assert.deepEqual(schedule(8, () => 0), [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  assert.deepEqual(schedule(3, () => 0.5), [750, 1500, 3000]);
  // Out-of-range randomness cannot make it spin or wait forever.
  assert.deepEqual(schedule(2, () => -3), [500, 1000]);
  assert.deepEqual(schedule(2, () => 7), [1000, 2000]);
});

test('with any jitter the schedule never shrinks from one step to the next', () => {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let run = 0; run < 50; run++) {
    const d = schedule(8, random);
    for (let i = 1; i < d.length; i++) if (d[i - 1] < 60_000 / 2) assert.ok(d[i] >= d[i - 1], `${d}`);
  }
});

test('a link that stayed bound a minute starts over; one that flaps keeps backing off', () => {
  assert.deepEqual(reconnectDelay(6, SMPP_RECONNECT.stableMs, () => 1), { attempt: 1, delayMs: 1000 });
  assert.deepEqual(reconnectDelay(6, 5_000, () => 1), { attempt: 7, delayMs: 60_000 });
  assert.deepEqual(reconnectDelay(0, null, () => 1, { firstMs: 50, capMs: 400, stableMs: 1000 }), { attempt: 1, delayMs: 50 });
});
