/** @module Tests: the SLA timer's three states at their edges (a quarter of the time left is amber, past due is red), and durations in words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, slaOf } from './sla.js';

const g = { created_at: '2026-12-01T00:00:00.000Z', due_at: '2026-12-05T00:00:00.000Z', decided_at: null };
const at = (iso: string) => new Date(iso);

test('in time until a quarter of the SLA is left, amber from there, red once past due, done once decided', () => {
  assert.deepEqual(slaOf(g, at('2026-12-01T00:00:00Z')), { state: 'ok', left_s: 4 * 86_400 });
  assert.equal(slaOf(g, at('2026-12-03T23:59:59Z')).state, 'ok', 'a second more than a day left of four');
  assert.deepEqual(slaOf(g, at('2026-12-04T00:00:00Z')), { state: 'amber', left_s: 86_400 }, 'exactly a quarter left');
  assert.equal(slaOf(g, at('2026-12-05T00:00:00Z')).state, 'amber', 'due now, not late yet');
  assert.deepEqual(slaOf(g, at('2026-12-05T03:00:00Z')), { state: 'red', left_s: -3 * 3600 });
  assert.deepEqual(slaOf({ ...g, decided_at: '2026-12-06T00:00:00Z' }, at('2026-12-07T00:00:00Z')), { state: 'done', left_s: null });
});

test('durations read as an operator says them', () => {
  assert.equal(duration(2 * 86_400 + 3 * 3600), '2\u00a0j 3\u00a0h');
  assert.equal(duration(5 * 3600 + 10 * 60), '5\u00a0h 10\u00a0min');
  assert.equal(duration(-3 * 3600), '3\u00a0h');
  assert.equal(duration(20), '1\u00a0min');
  assert.equal(duration(86_400, 'en'), '1\u00a0d');
});
