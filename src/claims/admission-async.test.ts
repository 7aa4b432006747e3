/** @module The claim path with a room that answers after a round trip (the shared room on PostgreSQL), scripted here. */
import { programmeView } from './programme-view.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinProgramme } from '../programmes/index.js';
import { ClaimService, StoreUnavailable } from './claim-service.js';
import { RegistryIndex } from './registry-index.js';
import { SqliteSubscriberRepo } from '../store/sqlite/subscribers.js';
import { storeWith, subscriber, tempDir } from '../test-support/fixtures.js';
import type { Admission, AdmissionStats, Room } from '../admission/index.js';
import type { ClaimRequest } from './request.js';

const byMeter = (meter_no: string): ClaimRequest => ({ who: { meter_no }, cycle: null, phone: null, pass: null, channel: 'api' });

/** Answers each arrival with the next scripted answer; a function is called (it may return a promise). */
class ScriptedRoom implements Room {
  arrivals = 0;
  inflight = 0;
  constructor(private readonly script: (n: number) => Admission | Promise<Admission>) {}
  arrive(): Admission | Promise<Admission> {
    return this.script(this.arrivals++);
  }
  started(): void {
    this.inflight++;
  }
  finished(): void {
    this.inflight--;
  }
  stats(): AdmissionStats {
    throw new Error('not used by the claim path');
  }
}

async function withService(room: Room, fn: (svc: ClaimService, count: () => number) => Promise<void>): Promise<void> {
  const t = tempDir();
  const store = storeWith(t.dir, [subscriber(1), subscriber(2)]);
  try {
    const p = builtinProgramme();
    const view = programmeView(p);
    const svc = await ClaimService.create({ index: new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll()), store: new SqliteAsyncStore(store).claims, issuer: null, programme: () => view, room });
    await fn(svc, () => store.db.prepare('SELECT count(*) FROM credits').pluck().get() as number);
    await svc.drain();
  } finally {
    store.close();
    t.cleanup();
  }
}

const later = <T>(v: T, ms = 20) => new Promise<T>((r) => setTimeout(() => r(v), ms));

test('a room that cannot reach its store: the claim is unavailable (503), with the cause, nothing written', async () => {
  const room = new ScriptedRoom(() => Promise.reject(new Error('connection terminated')));
  await withService(room, async (svc, count) => {
    const a = await svc.claim(byMeter('70000001'));
    assert.equal(a.kind, 'unavailable');
    assert.match(a.kind === 'unavailable' ? String(a.cause) : '', /connection terminated/);
    assert.equal(count(), 0);
    assert.equal(room.inflight, 0);
  });
});

test('a queued answer after a round trip is queued, with the pass and the Retry-After', async () => {
  const room = new ScriptedRoom(() => later<Admission>({ kind: 'queued', position: 3, eta_s: 2, retry_after_s: 2, pass: 'p'.repeat(52), prequeue: false }));
  await withService(room, async (svc, count) => {
    const a = await svc.claim(byMeter('70000001'));
    assert.deepEqual(a, { kind: 'queued', position: 3, eta_s: 2, pass: 'p'.repeat(52), retry_after_s: 2, prequeue: false });
    assert.equal(count(), 0);
  });
});

test('admitted after a round trip: the claim starts afresh (duplicates meanwhile share one credit), issued once', async () => {
  // First arrival: admitted after a round trip; every later one at once (the room then knows the place).
  const room = new ScriptedRoom((n) => (n === 0 ? later<Admission>({ kind: 'admit', ticket: 7 }, 30) : { kind: 'admit', ticket: 7 }));
  await withService(room, async (svc, count) => {
    const first = svc.claim(byMeter('70000001'));
    await later(null, 5);
    const dup = svc.claim({ ...byMeter('70000001'), channel: 'web' }); // arrives while the first waits on the room
    const [a, b] = await Promise.all([first, dup]);
    assert.equal(a.kind, 'issued');
    assert.equal(b.kind, 'issued');
    assert.equal(a.kind === 'issued' && b.kind === 'issued' && a.credit.claim_id === b.credit.claim_id, true);
    assert.equal([a, b].filter((x) => x.kind === 'issued' && !x.replayed).length, 1);
    assert.equal(count(), 1);
    assert.equal(room.inflight, 0, 'started and finished pair up');
  });
});
