import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Programme } from '../domain/programme.js';
import { builtinProgramme, compileProgramme } from '../programmes/index.js';
import { ClaimService, StoreUnavailable } from './claim-service.js';
import { RegistryIndex } from './registry-index.js';
import { programmeView } from './programme-view.js';
import { SqliteSubscriberRepo } from '../store/sqlite/subscribers.js';
import { verifyJournal } from '../journal/verify.js';
import { storeWith, stsMeter, subscriber, tempDir } from '../test-support/fixtures.js';
import type { SqliteStore } from '../store/sqlite/store.js';
import type { ClaimRequest } from './request.js';
import { StsIssuer } from '../credits/sts-issuer.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import { decodeToken } from '../sts/index.js';

function service(store: SqliteStore, p: Programme = builtinProgramme()): Promise<ClaimService> {
  const index = new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll());
  const view = programmeView(p);
  return ClaimService.create({ index, store: new SqliteAsyncStore(store).claims, issuer: null, programme: () => view });
}

const byMeter = (meter_no: string): ClaimRequest => ({ who: { meter_no }, cycle: null, phone: null, pass: null, channel: 'api' });

test('a retained postpaid subscriber is credited once; asking again replays the same credit', async () => {
  const t = tempDir();
  const store = storeWith(t.dir, [subscriber(1)]);
  try {
    const svc = await service(store);
    const a = await svc.claim(byMeter('70000001'));
    assert.equal(a.kind, 'issued');
    assert.equal(a.kind === 'issued' && a.replayed, false);
    assert.equal(a.kind === 'issued' && a.credit.fcfa, 20000);
    assert.equal(a.kind === 'issued' && a.credit.token, null);
    const b = await svc.claim({ ...{ ...byMeter('70000001') }, channel: 'web' });
    assert.deepEqual(b.kind === 'issued' && b.credit, a.kind === 'issued' && a.credit);
    assert.equal(b.kind === 'issued' && b.replayed, true);
    // by contract number: the same subscriber, the same credit
    const c = await svc.claim({ who: { contract_no: 'c0000001' }, cycle: null, phone: null, pass: null, channel: 'api' });
    assert.equal(c.kind === 'issued' && c.credit.claim_id, a.kind === 'issued' && a.credit.claim_id);
    assert.equal(store.db.prepare('SELECT count(*) FROM credits').pluck().get(), 1);
  } finally {
    store.close();
    t.cleanup();
  }
});

test('concurrent duplicates get the same credit and exactly one is not a replay (real SQLite file)', async () => {
  const t = tempDir();
  const store = storeWith(t.dir, Array.from({ length: 20 }, (_, i) => subscriber(i + 1)));
  try {
    const svc = await service(store);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => svc.claim(byMeter(String(70_000_001 + (i % 20))))));
    assert.ok(answers.every((a) => a.kind === 'issued'));
    const ids = new Map<string, Set<string>>();
    let fresh = 0;
    for (const a of answers) {
      if (a.kind !== 'issued') continue;
      if (!a.replayed) fresh++;
      const m = ids.get(a.credit.cycle + a.credit.claim_id) ?? new Set();
      ids.set(a.credit.cycle + a.credit.claim_id, m);
    }
    assert.equal(fresh, 20);
    assert.equal(ids.size, 20);
    assert.equal(store.db.prepare('SELECT count(*) FROM credits').pluck().get(), 20);
    // a restarted node (new service on the same file) replays, never issues again
    const again = await service(store);
    const r = await again.claim(byMeter('70000005'));
    assert.equal(r.kind === 'issued' && r.replayed, true);
    assert.equal(store.db.prepare('SELECT count(*) FROM credits').pluck().get(), 20);
    const v = verifyJournal(store.claims.journalEntries(), store.claims.storedCredits());
    assert.equal(v.ok, true);
    assert.equal(v.entries, 20);
  } finally {
    store.close();
    t.cleanup();
  }
});

test('the budget ceiling holds under concurrency: never a franc over', async () => {
  const t = tempDir();
  const store = storeWith(t.dir, Array.from({ length: 30 }, (_, i) => subscriber(i + 1)));
  try {
    const p = structuredClone(builtinProgramme());
    p.cycles.find((c) => c.id === 'phase-1')!.budget_fcfa = 5 * 20000 + 19999;
    const svc = await service(store, p);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => svc.claim(byMeter(String(70_000_001 + i)))));
    assert.equal(answers.filter((a) => a.kind === 'issued').length, 5);
    assert.equal(answers.filter((a) => a.kind === 'ineligible' && a.reason === 'budget_exhausted').length, 25);
    assert.equal(store.db.prepare('SELECT sum(fcfa) FROM credits').pluck().get(), 100000);
    assert.equal(store.db.prepare("SELECT spent_fcfa FROM cycle_spend WHERE cycle = 'phase-1'").pluck().get(), 100000);
  } finally {
    store.close();
    t.cleanup();
  }
});

test('refusals carry their reason: unknown meter, mistyped check digit, not retained, prepaid without issuer', async () => {
  const t = tempDir();
  const store = storeWith(t.dir, [
    subscriber(1, { category: 'professionnel' }),
    subscriber(2, { metering: 'prepaid' }),
  ]);
  try {
    const svc = await service(store);
    const unknown = await svc.claim(byMeter('99999999'));
    assert.equal(unknown.kind === 'ineligible' && unknown.reason, 'unknown_meter');
    const valid = stsMeter(999);
    const typo = await svc.claim(byMeter(valid.slice(0, 10) + String((Number(valid[10]) + 1) % 10)));
    assert.equal(typo.kind, 'invalid');
    const luhnOk = await svc.claim(byMeter(valid));
    assert.equal(luhnOk.kind === 'ineligible' && luhnOk.reason, 'unknown_meter');
    const pro = await svc.claim(byMeter('70000001'));
    assert.equal(pro.kind === 'ineligible' && pro.reason, 'not_retained');
    assert.match(pro.kind === 'ineligible' ? pro.message.fr : '', /particulier/);
    const pre = await svc.claim(byMeter(subscriber(2, { metering: 'prepaid' }).meter_no));
    assert.equal(pre.kind === 'ineligible' && pre.reason, 'issuance_unavailable');
    const closed = await svc.claim({ ...byMeter('70000001'), cycle: 'phase-2' });
    assert.equal(closed.kind === 'ineligible' && closed.reason, 'cycle_not_open');
    assert.equal(store.db.prepare('SELECT count(*) FROM credits').pluck().get(), 0);
  } finally {
    store.close();
    t.cleanup();
  }
});

test('a store fault is reported as such, reserves nothing, and the same claim succeeds once the store is back', async () => {
  const t = tempDir();
  const store = storeWith(t.dir, [subscriber(1)]);
  try {
    const real = new SqliteAsyncStore(store).claims;
    let broken = true;
    const flaky = {
      creditsForReplay: () => real.creditsForReplay(), spendByCycle: () => real.spendByCycle(),
      commitCredits: async (b: Parameters<typeof real.commitCredits>[0]) => {
        if (broken) throw new Error('disk I/O error');
        return real.commitCredits(b);
      },
    };
    const index = new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll());
    const view = programmeView(builtinProgramme());
    const svc = await ClaimService.create({ index, store: flaky, issuer: null, programme: () => view });
    const down = await svc.claim(byMeter('70000001'));
    assert.equal(down.kind, 'unavailable');
    assert.match(down.kind === 'unavailable' ? String(down.cause) : '', /disk I\/O error/);
    broken = false;
    const ok = await svc.claim(byMeter('70000001'));
    assert.equal(ok.kind === 'issued' && ok.replayed, false);
  } finally {
    store.close();
    t.cleanup();
  }
});

test('two nodes give one meter tokens in the same minute: the second learns the first one\'s TID from the store and mints above it', async () => {
  const t = tempDir();
  const store = storeWith(t.dir, [subscriber(1, { metering: 'prepaid' })]);
  try {
    // Two cycles open at once, so one meter gets two credits; each "node" has its own issuer, loaded before either
    // credit existed (as nodes learn TIDs only at start).
    const p = builtinProgramme();
    const twoOpen: Programme = { ...p, cycles: p.cycles.map((c) => (c.id === 'phase-2' ? { ...c, state: 'open' } : c)) };
    const view = programmeView(twoOpen);
    const VK = '0123456789abcdef';
    const clock = () => new Date('2026-11-26T10:00:30Z');
    const node = async () => ClaimService.create({
      index: new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll()), store: new SqliteAsyncStore(store).claims, programme: () => view, clock,
      issuer: await StsIssuer.load(VK, new SqliteAsyncStore(store).subscribers),
    });
    const [a, b] = [await node(), await node()];
    const first = await a.claim({ ...byMeter(stsMeter(1)), cycle: 'phase-1' });
    const second = await b.claim({ ...byMeter(stsMeter(1)), cycle: 'phase-2' });
    assert.equal(first.kind, 'issued');
    assert.equal(second.kind, 'issued');
    const s = subscriber(1, { metering: 'prepaid' });
    const key = { vendingKey: VK, meterNo: s.meter_no, key: { iin: s.sts_iin!, sgc: s.sts_sgc!, ti: s.sts_ti!, krn: s.sts_krn!, kt: 2, baseDate: '2014-01-01' as const } };
    const tidOf = (x: typeof first) => decodeToken((x.kind === 'issued' && x.credit.token) || '', key).tid;
    const minute = tidOf(first);
    assert.equal(tidOf(second), minute + 1, 'the second token is above the first one the other node gave');
    assert.equal(store.db.prepare('SELECT last_tid FROM subscribers').pluck().get(), minute + 1);
    assert.equal(store.db.prepare('SELECT count(*) FROM credits').pluck().get(), 2);
  } finally {
    store.close();
    t.cleanup();
  }
});
