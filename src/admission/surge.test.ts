/** @module The crowd, simulated on a fake clock: 2,000 in one second at 200/s, abandonment, the claim path's own limit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRoom, pct, runCrowd, seeded, type Person } from './test-support/crowd.js';
import type { WaitingRoomOptions } from './options.js';

interface Run {
  people: Person[];
  admitted: Person[];
  stats: ReturnType<ReturnType<typeof makeRoom>['stats']>;
}

/** `n` people arriving at random instants within `spreadMs`; every other one (if `abandon`) leaves after the first 202. */
function crowd(n: number, o: Partial<WaitingRoomOptions> & { abandon?: boolean; serviceMs?: number; spreadMs?: number }): Run {
  const clock = { t: 0 };
  const room = makeRoom(clock, { seed: 7, ...o });
  const rnd = seeded(42);
  const people: Person[] = Array.from({ length: n }, (_, i) => ({ key: `meter:${1000 + i}`, arriveAt: rnd() * (o.spreadMs ?? 1000), answers: [], abandons: o.abandon === true && i % 2 === 1 }));
  people.sort((a, b) => a.arriveAt - b.arriveAt);
  const admitted = runCrowd(room, clock, people, { serviceMs: o.serviceMs ?? 0.2 });
  return { people, admitted, stats: room.stats() };
}

/** ETA error of each queued person: (actual wait - eta) / eta, the eta being the first one they were told. */
function etaErrors(people: Person[]): number[] {
  return people
    .filter((p) => p.firstEta != null && p.admittedAt !== undefined)
    .map((p) => ((p.admittedAt! - p.firstAnswerAt!) / 1000 - p.firstEta!) / p.firstEta!)
    .sort((a, b) => a - b);
}

/** FIFO: nobody is told to wait again after someone with a later ticket has been served. */
function assertFifo(people: Person[]): void {
  const byTicket = people.filter((p) => typeof p.ticket === 'number').sort((a, b) => a.ticket! - b.ticket!);
  let laterServedFirst = Infinity;
  for (let i = byTicket.length - 1; i >= 0; i--) {
    const p = byTicket[i];
    const lastWait = p.visits!.length >= 2 ? p.visits![p.visits!.length - 2] : -Infinity;
    assert.ok(lastWait <= laterServedFirst, `ticket ${p.ticket} was kept waiting after a later ticket was served`);
    laterServedFirst = Math.min(laterServedFirst, p.admittedAt!);
  }
}

/** Largest lead, in seconds, that someone was served ahead of a person who arrived before them. */
function maxOvertakeS(people: Person[]): number {
  let worst = 0;
  let latest = -Infinity;
  for (const p of people) {
    if (p.admittedAt === undefined) continue;
    worst = Math.max(worst, latest - p.admittedAt);
    latest = Math.max(latest, p.admittedAt);
  }
  return worst / 1000;
}

/** Most admissions in any window of `ms` (the ceiling allows rate * window + one burst). */
function busiestWindow(admitted: Person[], ms: number): number {
  const at = admitted.map((p) => p.admittedAt!).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

test('2,000 people in the same second at --admit-rate 200: all served in about 10 s, in order, ETAs true within 25%', (t) => {
  const { people, admitted, stats } = crowd(2000, { admitRate: 200 });
  assert.equal(admitted.length, 2000);
  const drainS = Math.max(...people.map((p) => p.admittedAt!)) / 1000;
  assert.ok(drainS >= 9 && drainS <= 10.5, `drained in ${drainS} s`);
  const errs = etaErrors(people);
  assert.equal(errs.length, stats.served_from_queue);
  assert.ok(errs.length > 1700, `${errs.length} queued`);
  assert.ok(Math.abs(errs[0]) <= 0.25 && Math.abs(errs[errs.length - 1]) <= 0.25, `ETA errors from ${errs[0]} to ${errs.at(-1)}`);
  assertFifo(people);
  const overtake = maxOvertakeS(people);
  assert.ok(overtake <= 1.0 + 1e-9, `overtaken by ${overtake} s`); // whole-second Retry-After with ±10% jitter
  assert.ok(busiestWindow(admitted, 1000) <= 200 + 200, 'never faster than the ceiling plus one burst');
  const visits = people.map((p) => p.answers.length).sort((a, b) => a - b);
  t.diagnostic(`drained in ${drainS.toFixed(2)} s; served at once ${stats.served_direct}, from the line ${stats.served_from_queue}`);
  t.diagnostic(`ETA error (actual-eta)/eta: min ${errs[0].toFixed(3)} p50 ${pct(errs, 50).toFixed(3)} p90 ${pct(errs, 90).toFixed(3)} p99 ${pct(errs, 99).toFixed(3)} max ${errs.at(-1)!.toFixed(3)}`);
  t.diagnostic(`requests per person: p50 ${pct(visits, 50)} max ${visits.at(-1)}; most overtaken by ${overtake.toFixed(2)} s; busiest second ${busiestWindow(admitted, 1000)}`);
});

test('half the queued people never come back: the line drains at full rate, the others are served in order', (t) => {
  const { people, admitted, stats } = crowd(2000, { admitRate: 200, abandon: true });
  const stayed = people.filter((p) => !p.abandons || p.firstEta === null);
  assert.equal(admitted.length, stayed.length);
  const drainS = Math.max(...admitted.map((p) => p.admittedAt!)) / 1000;
  assert.ok(drainS <= 10.5, `drained in ${drainS} s`);
  assert.equal(stats.waiting, 0);
  assertFifo(people);
  const errs = etaErrors(people);
  assert.ok(Math.abs(errs[0]) <= 0.25 && Math.abs(errs[errs.length - 1]) <= 0.25);
  t.diagnostic(`${people.length - stayed.length} left; the ${admitted.length} others served by ${drainS.toFixed(2)} s`);
});

test('recycling: lapsed places go to the next tickets, so a long line with deserters is served sooner, never beyond the ceiling', (t) => {
  // 8,000 at 200/s, half of them gone after the first answer. Without recycling the 4,000 who stay are served at the
  // pace of the whole line (40 s); recycling gives the deserters' tokens back after the grace and the line speeds up.
  const held = crowd(8000, { admitRate: 200, abandon: true, graceMs: 30_000 });
  const recycled = crowd(8000, { admitRate: 200, abandon: true, graceMs: 3_000 });
  const last = (r: Run) => Math.max(...r.admitted.map((p) => p.admittedAt!)) / 1000;
  for (const r of [held, recycled]) {
    assertFifo(r.people);
    assert.equal(r.stats.waiting, 0);
    assert.equal(r.admitted.length, r.people.filter((p) => !p.abandons || p.firstEta === null).length);
    assert.ok(busiestWindow(r.admitted, 1000) <= 400, `busiest second ${busiestWindow(r.admitted, 1000)}`);
    assert.ok(busiestWindow(r.admitted, 10_000) <= 2000 + 200, `busiest 10 s ${busiestWindow(r.admitted, 10_000)}`);
  }
  assert.ok(recycled.stats.expired > 3000, `${recycled.stats.expired} recycled`);
  assert.ok(last(recycled) < last(held) - 5, `${last(recycled)} s vs ${last(held)} s`);
  t.diagnostic(`8,000 at 200/s, half leave: the others served by ${last(held).toFixed(1)} s with a 30 s grace, ${last(recycled).toFixed(1)} s with 3 s (${recycled.stats.expired} places recycled); ideal 20.0 s`);
});

test('no ceiling: the claim path measured at 1,000/s is kept under a second of backlog, the rest queued honestly', (t) => {
  const { people, admitted, stats } = crowd(20_000, { admitRate: null, serviceMs: 1, initialRate: 1000 });
  assert.equal(admitted.length, 20_000);
  assert.ok(Math.abs((stats.rate_measured ?? 0) - 1000) < 50, `measured ${stats.rate_measured}`);
  const drainS = Math.max(...people.map((p) => p.admittedAt!)) / 1000;
  assert.ok(drainS <= 23, `drained in ${drainS} s (ideal 20 s)`);
  const errs = etaErrors(people);
  assert.ok(pct(errs, 1) >= -0.25 && pct(errs, 99) <= 0.25, `ETA error p1 ${pct(errs, 1)} p99 ${pct(errs, 99)}`);
  assertFifo(people);
  const backlog = Math.max(...people.map((p) => p.doneAt! - p.admittedAt!)) / 1000;
  assert.ok(backlog <= 1.05, `a claim waited ${backlog} s in the claim path`);
  t.diagnostic(`20,000 at a 1,000/s claim path: longest time in the claim path ${backlog.toFixed(2)} s`);
  t.diagnostic(`20,000 at a 1,000/s claim path: served at once ${stats.served_direct}, drained in ${drainS.toFixed(1)} s, ETA error p1 ${pct(errs, 1).toFixed(2)} p99 ${pct(errs, 99).toFixed(2)}`);
});
