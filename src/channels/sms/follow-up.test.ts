/** @module Queued USSD and SMS claims are sent again with their pass until served or refused, then answered once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClaimService } from '../../claims/claim-service.js';
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { ClaimRequest } from '../../claims/request.js';
import { FollowUps } from './follow-up.js';

const req: ClaimRequest = { who: { number: '37446479240' }, cycle: null, phone: '+24177000001', pass: null, channel: 'ussd' };
const queued = (pass: string, s = 3): ClaimOutcome => ({ kind: 'queued', position: 5, eta_s: s, retry_after_s: s, pass, prequeue: false });

function rig(answers: ClaimOutcome[]) {
  const asked: ClaimRequest[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const settled: ClaimOutcome[] = [];
  const claims = { claim: async (r: ClaimRequest) => (asked.push(r), answers.shift()!) } as unknown as ClaimService;
  const f = new FollowUps(claims, {
    onSettled: async (_r, o) => void settled.push(o),
    setTimer: (fn, ms) => (timers.push({ fn, ms }), { unref() {} } as unknown as NodeJS.Timeout),
    maxUnavailable: 2,
  });
  const fire = async () => {
    const t = timers.shift();
    assert.ok(t, 'a follow-up was scheduled');
    t.fn();
    await new Promise((r) => setImmediate(r));
    return t.ms;
  };
  return { f, asked, timers, settled, fire };
}

test('sent again after its Retry-After with the latest pass, until served; answered once', async () => {
  const r = rig([queued('p2', 4), { kind: 'ineligible', reason: 'budget_exhausted', message: { fr: 'Enveloppe épuisée.', en: '' }, subscriber: null, next: null }]);
  r.f.add(req, queued('p1', 3) as Extract<ClaimOutcome, { kind: 'queued' }>);
  assert.equal(await r.fire(), 3000, 'after the first Retry-After');
  assert.equal(r.asked[0].pass, 'p1', 'with the pass it was given');
  assert.equal(await r.fire(), 4000, 'after the second');
  assert.equal(r.asked[1].pass, 'p2', 'with the renewed pass');
  assert.deepEqual(r.settled.map((o) => o.kind), ['ineligible'], 'the outcome is answered once');
  assert.equal(r.timers.length, 0, 'and nothing more is scheduled');
  assert.deepEqual(r.f.stats, { added: 1, settled: 1, pending: 0 }, 'counted');
});

test('an unavailable store is tried again a few times, then the person is told', async () => {
  const down: ClaimOutcome = { kind: 'unavailable', retry_after_s: 5, cause: new Error('down') };
  const r = rig([down, down]);
  r.f.add(req, queued('p1', 1) as Extract<ClaimOutcome, { kind: 'queued' }>);
  await r.fire();
  assert.equal(await r.fire(), 5000, 'tried again after its Retry-After');
  assert.deepEqual(r.settled.map((o) => o.kind), ['unavailable'], 'then given up, and told');
});
