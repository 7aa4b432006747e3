/** @module Tests: the submit rate ceiling on an exact clock: never above the rate, close to it when timers fire late. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from './token-bucket.js';

/** A sender that asks as soon as the bucket says and whose timer fires up to `lateMs` late; returns the send times. */
function drive(bucket: TokenBucket, clock: { t: number }, seconds: number, lateMs: number, random: () => number): number[] {
  const sent: number[] = [];
  const end = clock.t + seconds * 1000;
  while (clock.t < end) {
    if (bucket.take()) {
      sent.push(clock.t);
      continue;
    }
    clock.t += Math.ceil(bucket.waitMs()) + random() * lateMs;
  }
  return sent;
}

/** Most sends in any window of `ms`. */
function peak(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

test('200/s with timers up to 3 ms late: no second holds more than 200 + the 4-token room, and 99% of the rate is reached', () => {
  const clock = { t: 0 };
  const bucket = new TokenBucket({ ratePerSecond: 200, now: () => clock.t });
  assert.equal(bucket.capacity, 4);
  const sent = drive(bucket, clock, 10, 3, lcg(7));
  assert.ok(peak(sent, 1000) <= 204, `peak ${peak(sent, 1000)} in one second`);
  assert.ok(peak(sent, 100) <= 24, `peak ${peak(sent, 100)} in 100 ms`);
  assert.ok(sent.length >= 0.99 * 2000, `${sent.length} sent in 10 s`);
  assert.ok(sent.length <= 2004, `${sent.length} sent in 10 s`);
});

test('why the room: a one-token bucket loses the timer lateness at every message', () => {
  const clock = { t: 0 };
  const tight = new TokenBucket({ ratePerSecond: 200, burstSeconds: 0, now: () => clock.t });
  assert.equal(tight.capacity, 1);
  const sent = drive(tight, clock, 10, 3, lcg(7));
  assert.ok(sent.length < 0.85 * 2000, `${sent.length} sent in 10 s`);
});

test('full at start, then one message every 1/rate; a low rate still lets one message through', () => {
  const clock = { t: 0 };
  const b = new TokenBucket({ ratePerSecond: 100, now: () => clock.t });
  assert.equal(b.capacity, 2);
  assert.ok(b.take() && b.take(), 'two tokens at start');
  assert.equal(b.take(), false);
  assert.equal(b.waitMs(), 10);
  clock.t += 9.9;
  assert.equal(b.take(), false);
  clock.t += 0.1;
  assert.equal(b.take(), true);
  const slow = new TokenBucket({ ratePerSecond: 0.5, now: () => clock.t });
  assert.equal(slow.capacity, 1);
  assert.ok(slow.take(), 'one token at start');
  assert.equal(slow.waitMs(), 2000);
  assert.throws(() => new TokenBucket({ ratePerSecond: 0 }), RangeError);
});

test('several together: the wait is for all of their tokens, never more than the bucket holds', () => {
  const clock = { t: 0 };
  const b = new TokenBucket({ ratePerSecond: 500, now: () => clock.t });
  assert.equal(b.capacity, 10);
  for (let i = 0; i < 10; i++) assert.ok(b.take());
  assert.equal(b.waitMs(5), 10, 'five tokens at 500/s: 10 ms');
  assert.equal(b.waitMs(50), 20, 'asked for more than it holds: the wait for a full bucket');
  clock.t = 6;
  assert.equal(b.waitMs(5), 4);
  assert.equal(b.waitMs(), 0, 'one is there already');
});

test('a pause holds every message until it ends, and no burst follows it', () => {
  const clock = { t: 0 };
  const b = new TokenBucket({ ratePerSecond: 1000, now: () => clock.t });
  b.pause(500);
  assert.ok(b.paused, 'paused');
  assert.equal(b.waitMs(), 500);
  clock.t = 499;
  assert.equal(b.take(), false);
  clock.t = 500;
  assert.equal(b.paused, false);
  assert.equal(b.take(), false, 'the bucket restarts empty');
  clock.t = 501;
  assert.equal(b.take(), true);
  assert.equal(b.take(), false);
  // A shorter pause never cuts a longer one short.
  b.pause(1000);
  b.pause(10);
  assert.equal(Math.round(b.waitMs()), 1000);
});
