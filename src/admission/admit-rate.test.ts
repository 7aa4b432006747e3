/** @module Tests: the operator's ceiling changed while the room runs (the console's admit rate), in memory; the shared room takes the same call. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRoom } from './test-support/crowd.js';

test('a lower ceiling queues at once, a higher one calls the line faster, none lets everyone through', () => {
  const clock = { t: 0 };
  const room = makeRoom(clock, { admitRate: null });
  for (let i = 0; i < 50; i++) assert.equal(room.arrive(`a:${i}`, null).kind, 'admit', 'no ceiling: served at once');
  room.setAdmitRate(2);
  assert.equal(room.stats().admit_rate, 2);
  const kinds = Array.from({ length: 10 }, (_, i) => room.arrive(`b:${i}`, null).kind);
  assert.ok(kinds.filter((k) => k === 'admit').length <= 2, `at most the 1 s burst of the new ceiling goes through (${kinds.join(',')})`);
  assert.ok(room.stats().waiting >= 8, 'the rest wait');
  const waitingAt2 = room.stats().waiting;
  room.setAdmitRate(1000);
  clock.t += 100;
  room.tick();
  assert.ok(room.stats().waiting < waitingAt2, `a higher ceiling calls the line (waiting ${waitingAt2} -> ${room.stats().waiting})`);
  clock.t += 1000;
  room.setAdmitRate(null);
  clock.t += 1000;
  room.tick();
  assert.equal(room.stats().waiting, 0);
  assert.equal(room.stats().admit_rate, null);
  for (let i = 0; i < 200; i++) {
    clock.t += 1;
    const a = room.arrive(`c:${i}`, null);
    assert.equal(a.kind, 'admit', `no ceiling again: arrival ${i} is served (${JSON.stringify(a)})`);
    room.started();
    room.finished();
  }
  assert.throws(() => room.setAdmitRate(0), /positive/);
  assert.throws(() => room.setAdmitRate(Number.NaN), /positive/);
});
