/** @module Opening hours: the pre-queue is drawn at opening, ahead of everyone who comes later. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRoom, runCrowd, seeded, type Person } from './test-support/crowd.js';
import type { Admission } from './waiting-room.js';

const OPENS = 60_000;

/** 300 people register in the minute before opening, 100 more come in the first second after; all come back when told. */
function day(seed: number) {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 50, seed, opening: { opensAt: OPENS } });
  const rnd = seeded(5);
  const people: Person[] = [
    ...Array.from({ length: 300 }, (_, i) => ({ key: `meter:pre${i}`, arriveAt: rnd() * OPENS, answers: [] as Admission[] })),
    ...Array.from({ length: 100 }, (_, i) => ({ key: `meter:post${i}`, arriveAt: OPENS + rnd() * 1000, answers: [] as Admission[] })),
  ].sort((a, b) => a.arriveAt - b.arriveAt);
  runCrowd(room, clock, people, { serviceMs: 1 });
  return { room, people };
}

test('everyone registered before opening is called before anyone who came after; the draw depends on the seed', () => {
  const { room, people } = day(11);
  assert.ok(people.every((p) => p.admittedAt !== undefined));
  const pre = people.filter((p) => p.key.includes('pre'));
  const post = people.filter((p) => p.key.includes('post'));
  for (const p of pre) {
    assert.equal(p.answers[0].kind, 'queued');
    assert.equal((p.answers[0] as { prequeue: boolean }).prequeue, true);
    assert.ok(p.admittedAt! >= OPENS);
  }
  // Line tickets: the 300 drawn places first, a permutation of 0..299, then the later arrivals in order of arrival.
  assert.deepEqual(pre.map((p) => p.ticket).sort((a, b) => a! - b!), Array.from({ length: 300 }, (_, i) => i));
  assert.ok(post.every((p) => p.ticket === null || p.ticket! >= 300));
  // Called before: once anyone who came after opening has been served, no registered person is kept waiting.
  const firstPost = Math.min(...post.map((p) => p.admittedAt!));
  for (const p of pre) assert.ok(p.visits!.slice(0, -1).every((t) => t <= firstPost), `${p.key} kept waiting after opening's newcomers`);
  const drawn = (s: number) => day(s).people.filter((p) => p.key.includes('pre')).sort((a, b) => a.ticket! - b.ticket!).map((p) => p.key).join();
  const byArrival = pre.map((p) => p.key).join();
  assert.equal(drawn(11), drawn(11));
  assert.notEqual(drawn(11), drawn(12));
  assert.notEqual(drawn(11), byArrival);
  assert.equal(room.stats().phase, 'open');
});

test('before opening: one registration per key, the pass and the key both find it, ETAs count down to opening', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 10, opening: { opensAt: OPENS } });
  const first = room.arrive('meter:1', null);
  assert.equal(first.kind, 'queued');
  if (first.kind !== 'queued') return;
  assert.deepEqual([first.position, first.prequeue, first.retry_after_s], [1, true, 20]);
  assert.equal(first.eta_s, 61); // 60 s to opening, then an expected half of one registered at 10/s
  room.arrive('meter:2', null);
  clock.t = 30_000;
  const again = room.arrive('meter:1', first.pass);
  const noPass = room.arrive('meter:1', null);
  assert.equal(room.stats().waiting, 2); // registered twice, counted once: no second ticket in the draw
  assert.equal(again.kind === 'queued' && again.position, 2);
  assert.equal(noPass.kind === 'queued' && noPass.prequeue, true);
  clock.t = OPENS;
  const opened = room.arrive('meter:1', first.pass); // a pre-queue pass maps to the drawn place
  assert.equal(opened.kind, 'admit'); // the burst calls both drawn places at once
  assert.equal(room.stats().phase, 'open');
});
