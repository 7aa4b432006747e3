/** @module Tests: the live feed: one snapshot per tick whatever the number of viewers, the same bytes to each, the series kept without viewers, slow viewers skipped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { programmeView } from '../../claims/programme-view.js';
import { builtinProgramme } from '../../programmes/index.js';
import { SMS_NOT_WIRED_YET } from '../desk/sms.js';
import { LiveFeed } from './feed.js';
import { LiveTally } from './tally.js';
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type { CreditRecord } from '../../domain/credit.js';

/** A response stand-in that records what the feed writes. */
function viewer(): { res: ServerResponse; frames: string[] } {
  const s = new PassThrough();
  const frames: string[] = [];
  s.on('data', (b: Buffer) => frames.push(b.toString()));
  return { res: s as unknown as ServerResponse, frames };
}

const issued = (agency: string, service = 'electricity'): ClaimOutcome => ({
  kind: 'issued', replayed: false, subscriber: { agency } as StoredSubscriber,
  credit: { programme_id: 'gratuite-2020', cycle: 'phase-1', service, metering: 'postpaid', fcfa: 20_000 } as CreditRecord,
});

test('twenty viewers: one snapshot computed per tick, the same frame written to each', async () => {
  let t = Date.parse('2020-04-01T08:00:00Z');
  const tally = new LiveTally();
  tally.setBase([{ programme_id: 'gratuite-2020', cycle: 'phase-1', service: 'water', metering: 'postpaid', agency: 'Owendo', credits: 10, fcfa: 150_000 }]);
  let spends = 0;
  const feed = new LiveFeed({ tally, programme: () => programmeView(builtinProgramme()), room: null, sms: SMS_NOT_WIRED_YET, now: () => t,
    spend: async () => (spends++, new Map([['gratuite-2020\u0000phase-1', 170_000]])) });
  const viewers = Array.from({ length: 20 }, viewer);
  for (const v of viewers) await feed.add(v.res);
  assert.equal(feed.viewerCount, 20);
  assert.ok(viewers.every((v) => v.frames[0].startsWith('retry: 3000\nevent: hello\n')), 'each starts with the hello');
  const computedBefore = feed.computed;
  const spendsBefore = spends;
  for (let i = 0; i < 5; i++) tally.observe(issued('Akanda'));
  t += 1000;
  await feed.tick();
  assert.equal(feed.computed - computedBefore, 1, 'one snapshot for twenty viewers');
  assert.equal(spends - spendsBefore, 1, 'one store read for twenty viewers');
  const frames = viewers.map((v) => v.frames.at(-1));
  assert.equal(new Set(frames).size, 1, 'the same bytes to every viewer');
  const snap = JSON.parse(frames[0]!.replace(/^data: /, '')) as { point: { claims: number; issued: number }; totals: { credits: number; fcfa: number }; budget: { spent: number }[] };
  assert.deepEqual([snap.point.claims, snap.point.issued], [5, 5], 'five claims in that second');
  assert.deepEqual([snap.totals.credits, snap.totals.fcfa], [15, 250_000], 'base plus increments');
  assert.equal(snap.budget[0].spent, 170_000);
  feed.stop();
});

test('without viewers only the point is kept: no snapshot, no store read; a newcomer gets the series', async () => {
  let t = 0;
  const tally = new LiveTally();
  let spends = 0;
  const feed = new LiveFeed({ tally, programme: () => programmeView(builtinProgramme()), room: null, sms: SMS_NOT_WIRED_YET, now: () => t, spend: async () => (spends++, new Map()) });
  for (let i = 1; i <= 3; i++) {
    tally.observe(issued('Oyem'));
    t += 1000;
    await feed.tick();
  }
  assert.equal(feed.computed, 0);
  assert.equal(spends, 0);
  const v = viewer();
  await feed.add(v.res, { once: true });
  const hello = JSON.parse(v.frames.join('').split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as { series: { issued: number }[] };
  assert.deepEqual(hello.series.map((p) => p.issued), [1, 1, 1]);
  assert.equal(feed.viewerCount, 0, 'once: the stream ends after the hello');
});

test('store totals read again later replace the base and keep only the increments counted since the request', () => {
  const tally = new LiveTally();
  const row = (credits: number) => ({ programme_id: 'p', cycle: 'c', service: 'water', metering: 'postpaid', agency: 'Ntoum', credits, fcfa: credits * 15_000 });
  tally.setBase([row(100)]);
  const o = (): ClaimOutcome => ({ kind: 'issued', replayed: false, subscriber: { agency: 'Ntoum' } as StoredSubscriber,
    credit: { programme_id: 'p', cycle: 'c', service: 'water', metering: 'postpaid', fcfa: 15_000 } as CreditRecord });
  tally.observe(o());
  tally.observe(o());
  const before = tally.snapshotDelta();
  tally.observe(o());
  // The store answered with every credit up to the request (the two, and one another node issued), not the third.
  tally.setBase([row(103)], before);
  assert.equal(tally.totals('p', 'c')[0].credits, 104);
  tally.observe({ kind: 'ineligible', reason: 'not_retained', message: { fr: '', en: '' }, subscriber: null, next: null });
  assert.equal(tally.byOutcome.get('not_retained'), 1);
  assert.equal(tally.claims, 4);
});
