import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CreditRecord, NewCredit } from '../domain/credit.js';
import { CommitRules, type CommittedState } from './commit-rules.js';

function credit(over: Partial<NewCredit> = {}): NewCredit {
  return {
    subscriber_id: 1, contract_no: 'C1', meter_no: '70000001', programme_id: 'p', cycle: 'phase-1', service: 'electricity',
    metering: 'postpaid', fcfa: 20_000, units_tenths: 1000, unit: 'kWh', token: null, issuer: 'account', channel: 'api',
    phone: null, issued_at: '2020-04-01T08:00:00.000Z', tid: null, code_id: null, budget_fcfa: null, sms: [], ...over,
  };
}

const record = (n: NewCredit, seq: number): CreditRecord => ({
  subscriber_id: n.subscriber_id, programme_id: n.programme_id, cycle: n.cycle, service: n.service, metering: n.metering,
  fcfa: n.fcfa, units_tenths: n.units_tenths, unit: n.unit, token: n.token, issued_at: n.issued_at, claim_id: `G-${seq}`, journal_seq: seq,
});

function state(over: Partial<CommittedState> = {}): CommittedState {
  return { existing: () => undefined, spent: () => 0, codeFree: () => true, lastTid: () => undefined, ...over };
}

test('a credit committed before is given back before the budget, the code or the token id is looked at', () => {
  const before = record(credit(), 7);
  const rules = new CommitRules(state({ existing: () => before, spent: () => 1_000_000, codeFree: () => false, lastTid: () => 99 }));
  assert.deepEqual(rules.refusal(credit({ budget_fcfa: 10, code_id: 3, tid: 5 })), { kind: 'duplicate', credit: before });
});

test('the ceiling counts what was spent before and what this batch took', () => {
  const rules = new CommitRules(state({ spent: () => 30_000 }));
  const a = credit({ subscriber_id: 1, budget_fcfa: 70_000 });
  assert.equal(rules.refusal(a), null);
  rules.took(a, record(a, 1));
  const b = credit({ subscriber_id: 2, budget_fcfa: 70_000 });
  assert.equal(rules.refusal(b), null);
  rules.took(b, record(b, 2));
  assert.deepEqual(rules.refusal(credit({ subscriber_id: 3, budget_fcfa: 70_000 })), { kind: 'budget_exhausted' });
  assert.deepEqual(rules.newSpends(), [{ programme_id: 'p', cycle: 'phase-1', fcfa: 70_000 }]);
});

test('the same subscriber twice in one batch gets the first credit back', () => {
  const rules = new CommitRules(state());
  const a = credit();
  rules.took(a, record(a, 1));
  assert.equal(rules.refusal(credit())?.kind, 'duplicate');
});

test('a pool code goes once, whether taken before or earlier in the batch', () => {
  const rules = new CommitRules(state({ codeFree: (id) => id !== 9 }));
  assert.deepEqual(rules.refusal(credit({ code_id: 9 })), { kind: 'code_taken' });
  const a = credit({ code_id: 4 });
  rules.took(a, record(a, 1));
  assert.deepEqual(rules.refusal(credit({ subscriber_id: 2, code_id: 4 })), { kind: 'code_taken' });
});

test('a meter takes each token id once: not the last one, not an older one; the batch keeps the highest', () => {
  const rules = new CommitRules(state({ lastTid: (id) => (id === 1 ? 100 : undefined) }));
  assert.deepEqual(rules.refusal(credit({ tid: 100 })), { kind: 'tid_taken', last_tid: 100 });
  assert.deepEqual(rules.refusal(credit({ tid: 99 })), { kind: 'tid_taken', last_tid: 100 });
  const a = credit({ tid: 101 });
  assert.equal(rules.refusal(a), null);
  rules.took(a, record(a, 1));
  assert.deepEqual(rules.refusal(credit({ cycle: 'phase-2', tid: 101 })), { kind: 'tid_taken', last_tid: 101 });
  assert.deepEqual([...rules.newTids()], [[1, 101]]);
});
