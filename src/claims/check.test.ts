import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Programme } from '../domain/programme.js';
import { builtinProgramme } from '../programmes/index.js';
import { ClaimService } from './claim-service.js';
import { RegistryIndex } from './registry-index.js';
import { programmeView } from './programme-view.js';
import { SqliteSubscriberRepo } from '../store/sqlite/subscribers.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import { storeWith, stsMeter, subscriber, tempDir } from '../test-support/fixtures.js';
import type { SqliteStore } from '../store/sqlite/store.js';

const SUBS = [
  subscriber(1),
  subscriber(2, { category: 'professionnel' }),
  subscriber(3, { metering: 'prepaid' }),
  // Social tariff, 3 kW: phase 1 does not retain it, phase 2 would.
  subscriber(4, { power_kw: 3 }),
  subscriber(5, { service: 'water', power_kw: null, avg_monthly_use: 12 }),
];

async function withService(p: Programme, run: (svc: ClaimService, store: SqliteStore) => Promise<void>): Promise<void> {
  const t = tempDir();
  const store = storeWith(t.dir, SUBS);
  try {
    const view = programmeView(p);
    const svc = await ClaimService.create({
      index: new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll()),
      store: new SqliteAsyncStore(store).claims, issuer: null, programme: () => view,
    });
    await run(svc, store);
  } finally {
    store.close();
    t.cleanup();
  }
}

const credits = (store: SqliteStore) => store.db.prepare('SELECT count(*) FROM credits').pluck().get();

test('check says what a claim would come to, and issues nothing until the claim itself', async () => {
  await withService(builtinProgramme(), async (svc, store) => {
    const ok = svc.check({ number: SUBS[0].meter_no });
    assert.equal(ok.kind, 'eligible', 'a retained postpaid subscriber is eligible');
    assert.equal(ok.kind === 'eligible' && ok.credit.fcfa, 20000, 'with the credit the open cycle gives');
    assert.equal(ok.kind === 'eligible' && ok.cycle.id, 'phase-1', 'for the open cycle');
    assert.equal(credits(store), 0, 'check recorded no credit');
    assert.equal(svc.creditCount, 0, 'check reserved nothing in memory');

    const claimed = await svc.claim({ who: { number: SUBS[0].meter_no }, cycle: null, phone: null, pass: null, channel: 'ussd' });
    assert.equal(claimed.kind, 'issued', 'the claim after a check issues as usual');
    const again = svc.check({ number: SUBS[0].contract_no });
    assert.equal(again.kind, 'issued', 'once credited, check says so');
    assert.equal(again.kind === 'issued' && again.replayed, true, 'as a replay');
    assert.equal(again.kind === 'issued' && claimed.kind === 'issued' && again.credit.claim_id, claimed.kind === 'issued' && claimed.credit.claim_id, 'the same credit');
    assert.equal(credits(store), 1, 'still the one credit');
  });
});

test('check gives the refusals a claim would give: not retained (with the next cycle), unknown, typo, no issuer', async () => {
  await withService(builtinProgramme(), async (svc, store) => {
    const pro = svc.check({ number: SUBS[1].meter_no });
    assert.equal(pro.kind === 'ineligible' && pro.reason, 'not_retained', 'a professional account is not retained');
    assert.equal(pro.kind === 'ineligible' && pro.next?.eligible, false, 'and phase 2 would not retain it either');
    const later = svc.check({ number: SUBS[3].meter_no });
    assert.equal(later.kind === 'ineligible' && later.next?.cycle.id, 'phase-2', 'a 3 kW social account hears of phase 2');
    assert.equal(later.kind === 'ineligible' && later.next?.eligible, true, 'whose rules retain it');
    const unknown = svc.check({ number: '99999999' });
    assert.equal(unknown.kind === 'ineligible' && unknown.reason, 'unknown_meter', 'an unknown number');
    const valid = stsMeter(3);
    const typo = svc.check({ number: valid.slice(0, 10) + String((Number(valid[10]) + 1) % 10) });
    assert.equal(typo.kind, 'invalid', 'a wrong check digit is a typing error');
    const prepaid = svc.check({ number: SUBS[2].meter_no });
    assert.equal(prepaid.kind === 'ineligible' && prepaid.reason, 'issuance_unavailable', 'prepaid without an issuer is refused as a claim would be');
    assert.equal(credits(store), 0, 'nothing issued');
  });
});

test('check sees the budget a claim would see', async () => {
  const p = builtinProgramme();
  p.cycles[0].budget_fcfa = 30000;
  await withService(p, async (svc) => {
    assert.equal(svc.check({ number: SUBS[4].meter_no }).kind, 'eligible', 'water (15,000 FCFA) fits an untouched 30,000 budget');
    const first = await svc.claim({ who: { number: SUBS[0].meter_no }, cycle: null, phone: null, pass: null, channel: 'api' });
    assert.equal(first.kind, 'issued', 'electricity takes 20,000 of it');
    const water = svc.check({ number: SUBS[4].meter_no });
    assert.equal(water.kind === 'ineligible' && water.reason, 'budget_exhausted', 'the 10,000 left cannot cover water: check says so');
    const claim = await svc.claim({ who: { number: SUBS[4].meter_no }, cycle: null, phone: null, pass: null, channel: 'api' });
    assert.equal(claim.kind === 'ineligible' && claim.reason, 'budget_exhausted', 'as the claim does');
  });
});
