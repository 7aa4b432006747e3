/** @module Waiting room: fast path, the line, same place on return, passes that gain nothing, closing, settings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRoom, SECRET, seeded } from './test-support/crowd.js';
import { WaitingRoom, type Admission } from './waiting-room.js';

type Queued = Extract<Admission, { kind: 'queued' }>;
const queued = (a: Admission): Queued => {
  assert.equal(a.kind, 'queued', JSON.stringify(a));
  return a as Queued;
};

test('served at once while under capacity, with nothing allocated or signed', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: null });
  for (let i = 0; i < 500; i++) {
    clock.t += 1;
    const a = room.arrive(`meter:${i}`, null);
    assert.deepEqual(a, { kind: 'admit', ticket: null });
    room.started();
    room.finished();
  }
  assert.equal(room.arrive('meter:x', null), room.arrive('meter:y', null)); // one frozen answer
  const s = room.stats();
  assert.equal(s.served_direct, 502);
  assert.equal(s.tickets_issued, 0);
});

test('at the ceiling people are queued with increasing positions, and keep their place when they come back', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 10 });
  for (let i = 0; i < 10; i++) assert.equal(room.arrive(`meter:${i}`, null).kind, 'admit'); // the 1 s burst
  const q = Array.from({ length: 30 }, (_, i) => queued(room.arrive(`meter:q${i}`, null)));
  assert.deepEqual(q.map((a) => a.position), Array.from({ length: 30 }, (_, i) => i + 1));
  assert.deepEqual(q.map((a) => a.eta_s), q.map((a) => Math.ceil(a.position / 10)));
  clock.t = 500; // 5 tokens later: five people called, q25 moved up five places
  const again = queued(room.arrive('meter:q25', q[25].pass));
  assert.equal(again.position, 21);
  const noPass = queued(room.arrive('meter:q25', null)); // USSD: no pass, same place all the same
  assert.equal(noPass.position, 21);
  assert.equal(room.stats().tickets_issued, 30);
  assert.deepEqual(room.arrive('meter:q2', null), { kind: 'admit', ticket: 2 }); // called: served on return
  assert.deepEqual(room.arrive('meter:q3', q[3].pass), { kind: 'admit', ticket: 3 });
  const s = room.stats();
  assert.equal(s.served_from_queue, 2);
  assert.equal(s.calling, 3); // q0, q1, q4 called and not back yet
  assert.equal(s.waiting, 25);
});

test('back without the pass once the line is empty: the held place is used, not a fresh token', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 2 });
  room.arrive('meter:a', null);
  room.arrive('meter:b', null);
  queued(room.arrive('meter:c', null));
  clock.t = 1_000; // c called; nobody else waiting
  assert.equal(room.stats().waiting, 0);
  assert.deepEqual(room.arrive('meter:c', null), { kind: 'admit', ticket: 0 });
  const s = room.stats();
  assert.deepEqual([s.served_direct, s.served_from_queue, s.calling], [2, 1, 0]);
  assert.deepEqual(room.arrive('meter:d', null), { kind: 'admit', ticket: null }); // c's token was not spent twice
});

test('nobody jumps the line: while people wait, a newcomer queues even when the service has room', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 1, burstSeconds: 1 });
  room.arrive('meter:a', null);
  queued(room.arrive('meter:b', null));
  clock.t = 400;
  assert.equal(queued(room.arrive('meter:c', null)).position, 2);
});

/** A genuine pass from another waiting room (a restart, another node), with the same secret unless told. */
function passFromAnotherRoom(key: string, secret = SECRET): string {
  const other = new WaitingRoom({ secret, now: () => 0, random: seeded(99), admitRate: 1 });
  other.arrive('meter:first', null);
  return queued(other.arrive(key, null)).pass;
}

test('forged, altered, foreign, expired and stale passes gain nothing; the subscriber is simply a newcomer', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 1, graceMs: 1000, passTtlMs: 1000 });
  room.arrive('meter:0', null);
  const early = queued(room.arrive('meter:early', null)); // position 1, never comes back
  clock.t = 29_000; // early's place was called and lapsed long ago; its pass (1 s past a 1 s ETA) has expired
  for (let i = 0; i < 50; i++) room.arrive(`meter:w${i}`, null);
  let back = queued(room.arrive('meter:control', null)).position; // where a newcomer lands now
  const p = Buffer.from(early.pass, 'base64url');
  p[8] ^= 1; // ticket 0 -> 1
  const cases: [string, string, string][] = [
    ['forged', 'meter:f1', early.pass.slice(0, -1) + (early.pass.endsWith('A') ? 'B' : 'A')],
    ['forged', 'meter:f2', p.toString('base64url')],
    ['malformed', 'meter:f3', 'not a pass'],
    ['foreign', 'meter:f4', early.pass],
    ['stale', 'meter:f5', passFromAnotherRoom('meter:f5')],
    ['forged', 'meter:f6', passFromAnotherRoom('meter:f6', Buffer.alloc(32, 9))], // another secret
    ['expired', 'meter:early', early.pass],
  ];
  for (const [reason, key, pass] of cases) {
    const a = queued(room.arrive(key, pass));
    assert.equal(a.pass_rejected, reason, key);
    assert.equal(a.position, ++back, key); // at the back of the line, like anyone arriving now
  }
  const s = room.stats();
  assert.equal(s.forged_passes, 4);
  assert.deepEqual(s.pass_rejected, { malformed: 1, forged: 3, foreign: 1, expired: 1, stale: 1 });
});

test('a valid pass is served at once even after the place lapsed; a used pass again gets no second place', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 1, graceMs: 1000 });
  room.arrive('meter:0', null);
  const a = queued(room.arrive('meter:a', null));
  const b = queued(room.arrive('meter:b', null));
  clock.t = 60_000; // both called long ago, both places lapsed and recycled
  for (let i = 0; i < 20; i++) room.arrive(`meter:w${i}`, null); // a line has formed again
  assert.equal(room.stats().expired, 2);
  assert.deepEqual(room.arrive('meter:a', a.pass), { kind: 'admit', ticket: 0 });
  assert.equal(room.stats().served_late, 1);
  const issued = room.stats().tickets_issued;
  assert.deepEqual(room.arrive('meter:a', a.pass), { kind: 'admit', ticket: 0 }); // replay: the claim path answers it
  assert.equal(room.stats().replays, 1);
  assert.equal(room.stats().tickets_issued, issued);
  assert.equal(queued(room.arrive('meter:c', b.pass)).pass_rejected, 'foreign'); // b's pass is b's alone
  assert.deepEqual(room.arrive('meter:b', b.pass), { kind: 'admit', ticket: 1 });
});

test('the service rate decides direct service: a slow claim path queues, and ETAs use what it sustains', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: null, initialRate: 50 });
  let admitted = 0;
  for (let i = 0; i < 100; i++) if (room.arrive(`meter:${i}`, null).kind === 'admit') (room.started(), admitted++);
  assert.equal(admitted, 50); // 50 in flight at 50/s is the 1 s of expected wait
  const q = queued(room.arrive('meter:late', null));
  assert.equal(q.position, 51);
  assert.equal(q.eta_s, 2);
  // The claim path turns out to do 20 claims in 100 ms of busy time: 200/s. The line moves faster, ETAs follow.
  for (let i = 0; i < 20; i++) (clock.t += 5, room.finished());
  clock.t += 1;
  const s = room.stats();
  assert.ok(Math.abs((s.rate_measured ?? 0) - 200) < 3, String(s.rate_measured));
  assert.equal(s.rate_admitted, s.rate_measured);
  assert.equal(s.inflight, 30);
});

test('closing: newcomers are told closed, people already in line keep their place', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: 1, opening: { closesAt: 5_000 } });
  room.arrive('meter:0', null);
  const inLine = Array.from({ length: 10 }, (_, i) => queued(room.arrive(`meter:${i + 1}`, null)));
  clock.t = 5_000;
  assert.deepEqual(room.arrive('meter:new', null), { kind: 'closed' });
  assert.deepEqual(room.arrive('meter:new', 'forged'), { kind: 'closed', pass_rejected: 'malformed' });
  assert.equal(room.arrive('meter:1', inLine[0].pass).kind, 'admit');
  assert.equal(queued(room.arrive('meter:10', null)).position, 5);
  assert.equal(room.stats().phase, 'closed');
});

test('bad settings are refused at construction, every problem listed', () => {
  assert.throws(
    () => new WaitingRoom({ secret: Buffer.alloc(4), now: () => 0, random: Math.random, admitRate: -1, graceMs: 0, opening: { opensAt: 10, closesAt: 5 } }),
    (e: unknown) => /secret/.test(String(e)) && /admitRate/.test(String(e)) && /graceMs/.test(String(e)) && /closesAt/.test(String(e)),
  );
  assert.doesNotThrow(() => new WaitingRoom({ secret: SECRET, now: () => 0, random: Math.random, admitRate: null }));
});
