/** @module Memory: half a million people waiting cost a few megabytes, not objects per person. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRoom } from './test-support/crowd.js';

const N = 500_000;
const BOUND_BYTES_PER_TICKET = 40; // stated bound: ring 12 B + index 4 B at <= 1/2 load (x2 slack for doubling)

test(`${N.toLocaleString('en-US')} waiting tickets stay under ${BOUND_BYTES_PER_TICKET} bytes each`, (t) => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 1 });
  global.gc?.();
  const before = process.memoryUsage();
  for (let i = 0; i < N; i++) room.arrive(`meter:${10_000_000 + i}`, null);
  global.gc?.();
  const after = process.memoryUsage();
  const s = room.stats();
  assert.equal(s.waiting, N - 1);
  const perTicket = s.memory_bytes / s.waiting;
  assert.ok(perTicket <= BOUND_BYTES_PER_TICKET, `${perTicket.toFixed(1)} bytes per ticket`);
  // Roughly, from the process (typed arrays live outside the JS heap): same order, no hidden objects per person.
  const grown = after.arrayBuffers - before.arrayBuffers + Math.max(0, after.heapUsed - before.heapUsed);
  assert.ok(grown < N * 100, `process grew ${grown} bytes`);
  t.diagnostic(`${s.waiting} waiting: ${(s.memory_bytes / 1e6).toFixed(1)} MB in typed arrays, ${perTicket.toFixed(1)} B per ticket; process arrayBuffers + heap grew ${(grown / 1e6).toFixed(1)} MB (gc ${global.gc ? 'forced' : 'not exposed'})`);
  const pos = room.arrive('meter:10499999', null);
  assert.equal(pos.kind === 'queued' && pos.position, N - 1); // found again through the index
});
