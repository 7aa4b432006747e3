/** @module A line must not stall: a rate measured during a cold start, and called people who never come back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRoom } from './test-support/crowd.js';
import { runClosedLoop } from './test-support/closed-loop.js';

test('a cold start measured slow, then a load that never comes back: the line drains and claims are served directly again', (t) => {
  // 256 connections as wrk opens them; claims started in the first second take 4 ms each (250/s: a cold start), then 0.3 ms
  // (3,333/s). The line forms in the first second; nobody called ever comes back with the pass.
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: null });
  const seconds = runClosedLoop(room, clock, { connections: 256, slowUntilMs: 1000, slowMs: 4, claimMs: 0.3, queuedMs: 50, untilMs: 15_000 });
  const s = room.stats();
  t.diagnostic(`per second, admitted/queued: ${seconds.map((x) => `${x.admitted}/${x.queued}`).join(' ')}; rate ${Math.round(s.rate_measured ?? 0)}/s at the end`);
  assert.ok(seconds[1].queued > 0 && seconds[1].admitted < 100, 'the stall reproduced: a line in the first seconds, nothing served');
  // Recovered within a few seconds of the claim path sitting idle: from second 8 on, every claim is served directly,
  // at the claim path's full speed.
  for (let i = 8; i < 15; i++) {
    assert.equal(seconds[i].queued, 0, `second ${i}: ${seconds[i].queued} queued`);
    assert.ok(seconds[i].admitted >= 3000, `second ${i}: ${seconds[i].admitted} admitted`);
  }
  assert.equal(s.waiting, 0);
  // The doubling overshot while the line drained; the first sample afterwards put the figure back where it belongs.
  assert.ok(Math.abs(s.rate_measured! - 3333) < 333, `rate ${s.rate_measured}`);
});
