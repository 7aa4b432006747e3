/** @module Tests: the bulk upsert plan gives the row-by-row answer (pure, no database). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscriber } from '../../test-support/fixtures.js';
import { planUpsert } from './upsert-plan.js';

const row = (i: number, meter: string) => subscriber(i, { meter_no: meter });

test('a clean batch is one segment with no refusal', () => {
  const plan = planUpsert([row(1, 'M1'), row(2, 'M2'), row(3, 'M3')], new Map([['M2', 'C0000002']]), new Map([['C0000002', 'M2']]));
  assert.deepEqual(plan, { segments: [[0, 1, 2]], rejected: [] });
});

test('a meter held by another contract, in the store or earlier in the batch, is refused', () => {
  const plan = planUpsert([row(1, 'M9'), row(2, 'M1'), row(3, 'M1')], new Map([['M9', 'C0000009']]), new Map([['C0000009', 'M9']]));
  assert.deepEqual(plan.rejected, [
    { index: 0, reason: 'meter_conflict: meter_no M9 already belongs to contract C0000009' },
    { index: 2, reason: 'meter_conflict: meter_no M1 already belongs to contract C0000002' },
  ]);
  assert.deepEqual(plan.segments, [[1]]);
});

test('a contract seen twice, or a meter given up earlier in the batch, starts a new segment', () => {
  // C1 moves from M1 to M5; C2 then takes M1 (must wait for C1's update); C2 appears again (ON CONFLICT touches a row once).
  const plan = planUpsert([row(1, 'M5'), row(2, 'M1'), row(3, 'M3'), row(2, 'M6')],
    new Map([['M1', 'C0000001']]), new Map([['C0000001', 'M1']]));
  assert.deepEqual(plan, { segments: [[0], [1, 2], [3]], rejected: [] });
});

test('a meter swap between two contracts is refused both ways, as one row at a time would', () => {
  const owners = new Map([['M1', 'C0000001'], ['M2', 'C0000002']]);
  const plan = planUpsert([row(1, 'M2'), row(2, 'M1')], owners, new Map([['C0000001', 'M1'], ['C0000002', 'M2']]));
  assert.deepEqual(plan.rejected.map((r) => r.index), [0, 1]);
  assert.deepEqual(plan.segments, []);
});
