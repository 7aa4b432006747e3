import { test } from 'node:test';
import { programmeView } from '../claims/programme-view.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtinProgramme } from '../programmes/index.js';
import { ClaimService } from '../claims/claim-service.js';
import { RegistryIndex } from '../claims/registry-index.js';
import { SqliteSubscriberRepo } from '../store/sqlite/subscribers.js';
import { SqliteStore } from '../store/sqlite/store.js';
import { storeWith, subscriber, tempDir } from '../test-support/fixtures.js';
import { guichet } from '../test-support/cli.js';
import { CodePoolIssuer } from './code-pool.js';
import { unitsToTenths } from './code-import.js';

test('units parse to exact tenths', () => {
  assert.equal(unitsToTenths('53.5'), 535);
  assert.equal(unitsToTenths('416'), 4160);
  assert.equal(unitsToTenths('0.7'), 7);
  for (const bad of ['0', '1.25', '-3', 'abc', '', '1e3']) assert.equal(unitsToTenths(bad), null, bad);
});

test('codes import: valid rows land, bad ones go to the rejects file; claims hand them out once; no code left is a clear 422', async () => {
  const t = tempDir();
  const pre = [1, 2, 3].map((i) => subscriber(i, { metering: 'prepaid' }));
  storeWith(t.dir, [...pre, subscriber(4)]).close();
  const file = join(t.dir, 'codes.csv');
  writeFileSync(file, [
    'meter_no,cycle,token,units',
    `${pre[0].meter_no},phase-1,11112222333344445555,416.6`,
    `${pre[1].meter_no},phase-1,66667777888899990000,416.6`,
    `${pre[1].meter_no},phase-1,1234,416.6`,
    `70000004,phase-1,12121212121212121212,416.6`,
    `${pre[2].meter_no},phase-1,13131313131313131313,4.25`,
  ].join('\n') + '\n');
  const r = guichet(['codes', 'import', file, '--data-dir', t.dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /5 read, 2 added, 3 rejected/);
  const rejects = readFileSync(`${file}.rejects.csv`, 'utf8').split('\n');
  assert.equal(rejects[0], 'line,reason,meter_no,cycle,token,units');
  assert.match(rejects[1], /^4,bad_token/);
  assert.match(rejects[2], /^5,unknown_meter/);
  assert.match(rejects[3], /^6,bad_units/);
  // a clean re-import removes the stale rejects file and adds nothing twice
  writeFileSync(file, `meter_no,cycle,token,units\n${pre[0].meter_no},phase-1,11112222333344445555,416.6\n`);
  assert.match(guichet(['codes', 'import', file, '--data-dir', t.dir]).stdout, /1 read, 0 added, 0 rejected/);
  assert.equal(existsSync(`${file}.rejects.csv`), false);
  assert.equal(guichet(['codes', 'import', join(t.dir, 'missing.csv'), '--data-dir', t.dir]).code, 2);

  const store = SqliteStore.open(join(t.dir, 'guichet.db'));
  try {
    const p = builtinProgramme();
    const svc = await ClaimService.create({
      index: new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll()), store: new SqliteAsyncStore(store).claims,
      issuer: CodePoolIssuer.fromSqlite(store.db),
      programme: () => programmeView(p),
    });
    const ask = (m: string) => svc.claim({ who: { meter_no: m }, cycle: null, phone: null, pass: null, channel: 'api' });
    const [a, a2] = await Promise.all([ask(pre[0].meter_no), ask(pre[0].meter_no)]);
    assert.equal(a.kind === 'issued' && a.credit.token, '11112222333344445555');
    assert.equal(a2.kind === 'issued' && a2.credit.token, '11112222333344445555');
    const none = await ask(pre[2].meter_no);
    assert.equal(none.kind === 'ineligible' && none.reason, 'no_code_left');
    assert.equal(store.db.prepare('SELECT count(*) FROM code_pool WHERE credit_id IS NOT NULL').pluck().get(), 1);
  } finally {
    store.close();
    t.cleanup();
  }
});
