import { test } from 'node:test';
import { programmeView } from '../claims/programme-view.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import assert from 'node:assert/strict';
import { builtinProgramme } from '../programmes/index.js';
import { ClaimService } from '../claims/claim-service.js';
import { RegistryIndex } from '../claims/registry-index.js';
import { SqliteSubscriberRepo } from '../store/sqlite/subscribers.js';
import { storeWith, subscriber, tempDir } from '../test-support/fixtures.js';
import { guichet } from '../test-support/cli.js';
import { SqliteStore } from '../store/sqlite/store.js';
import { join } from 'node:path';

/** A store with 6 credits issued through the real claim path, closed so the CLI can open it. */
async function issued(): Promise<{ dir: string; cleanup: () => void }> {
  const t = tempDir();
  const store = storeWith(t.dir, Array.from({ length: 6 }, (_, i) => subscriber(i + 1)));
  const p = builtinProgramme();
  const svc = await ClaimService.create({
    index: new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll()), store: new SqliteAsyncStore(store).claims, issuer: null,
    programme: () => programmeView(p),
  });
  for (let i = 1; i <= 6; i++) await svc.claim({ who: { meter_no: String(70_000_000 + i) }, cycle: null, phone: null, pass: null, channel: 'api' });
  store.close();
  return t;
}

function tamper(dir: string, sql: string): void {
  const s = SqliteStore.open(join(dir, 'guichet.db'));
  s.db.exec(sql);
  s.close();
}

test('journal verify: intact store exits 0 with count and head', async () => {
  const t = await issued();
  try {
    const r = guichet(['journal', 'verify', '--data-dir', t.dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /journal intact: 6 entries, head [0-9a-f]{64}/);
  } finally {
    t.cleanup();
  }
});

test('journal verify: each kind of tampering exits non-zero and names the first bad entry', async () => {
  const cases: [string, string, RegExp][] = [
    ['credit amount edited', 'UPDATE credits SET fcfa = 40000 WHERE journal_seq = 3', /first bad entry 3 .*differs/],
    ['entry edited', "UPDATE journal SET body = replace(body, '20000', '90000') WHERE seq = 2", /first bad entry 2.*altered/],
    ['entry deleted', 'DELETE FROM journal WHERE seq = 4', /first bad entry 4.*missing/],
    ['credit added behind the journal', `INSERT INTO credits (claim_id, subscriber_id, contract_no, meter_no, programme_id, cycle, service, metering, fcfa, units_tenths, unit, token, issuer, channel, phone, issued_at, journal_seq)
      SELECT 'G-ROGUE', subscriber_id, contract_no, meter_no, programme_id, 'phase-2', service, metering, fcfa, units_tenths, unit, token, issuer, channel, phone, issued_at, 99 FROM credits WHERE journal_seq = 1`, /G-ROGUE.*no journal entry/],
    ['credit deleted', 'DELETE FROM credits WHERE journal_seq = 5', /first bad entry 5 .*deleted/],
    ['entries swapped', `UPDATE journal SET seq = -1 WHERE seq = 2; UPDATE journal SET seq = 2 WHERE seq = 3; UPDATE journal SET seq = 3 WHERE seq = -1`, /first bad entry 2.*link/],
  ];
  for (const [name, sql, expect] of cases) {
    const t = await issued();
    try {
      tamper(t.dir, sql);
      const r = guichet(['journal', 'verify', '--data-dir', t.dir]);
      assert.equal(r.code, 1, `${name}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, expect, name);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${name}: no stack trace`);
    } finally {
      t.cleanup();
    }
  }
});

test('export credits writes the postpaid credits of a cycle, never a token', async () => {
  const t = await issued();
  try {
    const out = join(t.dir, 'export.csv');
    const r = guichet(['export', 'credits', '--cycle', 'phase-1', '--out', out, '--data-dir', t.dir]);
    assert.equal(r.code, 0, r.stderr);
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'claim_id,contract_no,meter_no,service,metering,programme_id,cycle,fcfa,units,unit,channel,issued_at,billing_grievance');
    assert.equal(lines.length, 7);
    assert.match(lines[1], /^G-00000001,C0000001,70000001,electricity,postpaid,gratuite-2020,phase-1,20000,416\.6,kWh,api,/);
    const bad = guichet(['export', 'credits', '--data-dir', t.dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--cycle is required/);
  } finally {
    t.cleanup();
  }
});
