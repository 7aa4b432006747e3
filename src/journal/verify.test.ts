import { test } from 'node:test';
import type { JournalFacts, StoredCredit } from '../domain/credit.js';
import assert from 'node:assert/strict';
import { appendEntries, GENESIS_HASH, tokenHash, type JournalEntry } from './entry.js';
import { verifyJournal } from './verify.js';

function facts(i: number): JournalFacts {
  return {
    claim_id: `G-${String(i).padStart(8, '0')}`, contract_no: `C${i}`, meter_no: `M${i}`, programme_id: 'p', cycle: 'phase-1',
    service: 'electricity', metering: i % 2 ? 'prepaid' : 'postpaid', fcfa: 20000, units_tenths: 4166, unit: 'kWh',
    token_sha256: tokenHash(i % 2 ? `1234567890123456789${i % 10}` : null), issuer: i % 2 ? 'sts' : 'account',
    channel: 'api', issued_at: '2020-04-15T10:00:00.000Z',
  };
}

function fixture(n: number): { entries: JournalEntry[]; credits: StoredCredit[] } {
  const fs = Array.from({ length: n }, (_, i) => facts(i + 1));
  const entries = appendEntries({ seq: 0, hash: GENESIS_HASH }, fs);
  const credits = fs.map((f, i) => {
    const { token_sha256: _t, ...rest } = f;
    return { ...rest, journal_seq: i + 1, token: (i + 1) % 2 ? `1234567890123456789${(i + 1) % 10}` : null };
  });
  return { entries, credits };
}

test('an intact journal verifies, with its count and head', () => {
  const { entries, credits } = fixture(50);
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok, true);
  assert.equal(r.entries, 50);
  assert.equal(r.head, entries[49].hash);
});

test('an empty journal verifies', () => {
  assert.deepEqual(verifyJournal([], []), { ok: true, entries: 0, head: GENESIS_HASH });
});

test('appending in two batches gives the same chain as one batch', () => {
  const fs = Array.from({ length: 10 }, (_, i) => facts(i + 1));
  const whole = appendEntries({ seq: 0, hash: GENESIS_HASH }, fs);
  const first = appendEntries({ seq: 0, hash: GENESIS_HASH }, fs.slice(0, 4));
  const rest = appendEntries({ seq: 4, hash: first[3].hash }, fs.slice(4));
  assert.deepEqual([...first, ...rest], whole);
});

test('an edited entry body is caught at that entry', () => {
  const { entries, credits } = fixture(20);
  entries[7] = { ...entries[7], body: entries[7].body.replace('"fcfa":20000', '"fcfa":200000') };
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok, false);
  assert.equal(r.ok === false && r.seq, 8);
  assert.match(r.ok === false ? r.problem : '', /altered/);
});

test('an edited entry whose hash was recomputed breaks the link of the next one', () => {
  const { entries, credits } = fixture(20);
  const forged = appendEntries({ seq: 7, hash: entries[6].hash }, [{ ...facts(8), fcfa: 99999 }])[0];
  entries[7] = forged;
  credits[7] = { ...credits[7], fcfa: 99999 };
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok, false);
  assert.equal(r.ok === false && r.seq, 9);
});

test('a deleted entry is caught', () => {
  const { entries, credits } = fixture(20);
  entries.splice(5, 1);
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok === false && r.seq, 6);
  assert.match(r.ok === false ? r.problem : '', /missing/);
});

test('a deleted last entry leaves its credit without an entry', () => {
  const { entries, credits } = fixture(20);
  entries.pop();
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok, false);
  assert.match(r.ok === false ? r.problem : '', /credit G-00000020 has no journal entry/);
});

test('two swapped entries are caught', () => {
  const { entries, credits } = fixture(20);
  [entries[3], entries[4]] = [entries[4], entries[3]];
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok === false && r.seq, 4);
});

test('an inserted entry is caught', () => {
  const { entries, credits } = fixture(20);
  const extra = appendEntries({ seq: 10, hash: entries[9].hash }, [facts(99)])[0];
  entries.splice(10, 0, extra);
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok, false);
});

test('a credit with no entry (issued behind the journal’s back) is caught', () => {
  const { entries, credits } = fixture(20);
  credits.push({ ...credits[0], claim_id: 'G-ROGUE', journal_seq: 21 });
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok === false && r.claim_id, 'G-ROGUE');
});

test('a credit edited after issue (amount or token) is caught', () => {
  for (const change of [{ fcfa: 40000 }, { token: '99999999999999999999' }, { meter_no: 'OTHER' }] as Partial<StoredCredit>[]) {
    const { entries, credits } = fixture(20);
    credits[2] = { ...credits[2], ...change };
    const r = verifyJournal(entries, credits);
    assert.equal(r.ok === false && r.seq, 3, JSON.stringify(change));
  }
});

test('a deleted credit is caught: the journal remembers it was issued', () => {
  const { entries, credits } = fixture(20);
  credits.splice(10, 1);
  const r = verifyJournal(entries, credits);
  assert.equal(r.ok === false && r.seq, 11);
  assert.match(r.ok === false ? r.problem : '', /deleted/);
});

test('a credit claimed under a grievance exception names ticket and approver in its entry; old entries are unchanged; a changed ticket is caught', () => {
  const plain = facts(1);
  const named = { ...facts(2), grievance_ticket: 'R-10K3QX', grievance_approver: 'sup@seeg.ga' };
  const entries = appendEntries({ seq: 0, hash: GENESIS_HASH }, [{ ...plain, grievance_ticket: null, grievance_approver: null }, named]);
  // the entry of a credit without exception keeps the text it had before grievances
  assert.equal(entries[0].body, appendEntries({ seq: 0, hash: GENESIS_HASH }, [plain])[0].body);
  assert.doesNotMatch(entries[0].body, /grievance/);
  assert.match(entries[1].body, /"grievance_ticket":"R-10K3QX","grievance_approver":"sup@seeg.ga"}$/);
  const credits: StoredCredit[] = [plain, named].map((f, i) => {
    const { token_sha256: _t, ...rest } = f;
    return { ...rest, journal_seq: i + 1, token: (i + 1) % 2 ? `1234567890123456789${(i + 1) % 10}` : null };
  });
  assert.equal(verifyJournal(entries, credits).ok, true);
  const altered = [credits[0], { ...credits[1], grievance_ticket: 'R-000000' }];
  const r = verifyJournal(entries, altered);
  assert.equal(r.ok === false && r.problem, 'credit G-00000002 differs from its journal entry 2');
  const dropped = [credits[0], { ...credits[1], grievance_ticket: null, grievance_approver: null }];
  assert.equal(verifyJournal(entries, dropped).ok, false);
});
