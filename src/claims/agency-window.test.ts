/** @module Tests: a cycle opened agency by agency: before its own date an agency hears `cycle_not_open` with that date, after its end `cycle_closed`; the others claim as usual. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinProgramme, parseProgramme } from '../programmes/index.js';
import { ClaimService } from './claim-service.js';
import { RegistryIndex } from './registry-index.js';
import { programmeView } from './programme-view.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import { storeWith, subscriber, tempDir } from '../test-support/fixtures.js';
import { SqliteSubscriberRepo } from '../store/sqlite/subscribers.js';
import type { ClaimRequest } from './request.js';

const by = (meter_no: string): ClaimRequest => ({ who: { meter_no }, cycle: null, phone: null, pass: null, channel: 'api' });

test('an agency whose window is not open yet gets cycle_not_open with its date; after its window, cycle_closed; others are served', async () => {
  const t = tempDir();
  const store = storeWith(t.dir, [subscriber(1, { agency: 'Owendo' }), subscriber(2, { agency: 'Akanda' }), subscriber(3, { agency: 'Libreville Centre' }),
    subscriber(4, { agency: 'Akanda' })]);
  try {
    const p = builtinProgramme();
    p.cycles[0].agency_windows = [
      { agency: 'Owendo', opens_at: '2020-04-03T08:00:00+01:00' },
      { agency: 'Akanda', opens_at: '2020-04-01', closes_at: '2020-04-02T18:00:00+01:00' },
    ];
    const parsed = parseProgramme(JSON.parse(JSON.stringify(p)));
    assert.ok(parsed.ok, `a programme with agency windows is valid: ${parsed.ok ? '' : parsed.problems.join('; ')}`);
    const view = programmeView(parsed.ok ? parsed.programme : p);
    let now = Date.parse('2020-04-02T10:00:00+01:00');
    const svc = await ClaimService.create({
      index: new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll()),
      store: new SqliteAsyncStore(store).claims, issuer: null, programme: () => view, clock: () => new Date(now),
    });
    const owendo = await svc.claim(by('70000001'));
    assert.equal(owendo.kind, 'ineligible');
    if (owendo.kind !== 'ineligible') return;
    assert.equal(owendo.reason, 'cycle_not_open');
    assert.match(owendo.message.fr, /n’a pas encore commencé pour l’agence Owendo\s?: les demandes seront possibles à partir du 3 avril 2020/);
    assert.match(owendo.message.en, /for the Owendo agency: claims open on/);
    assert.equal((await svc.claim(by('70000002'))).kind, 'issued', 'Akanda is inside its window');
    assert.equal((await svc.claim(by('70000003'))).kind, 'issued', 'an agency not listed follows the cycle');
    now = Date.parse('2020-04-03T08:00:00+01:00');
    assert.equal((await svc.claim(by('70000001'))).kind, 'issued', 'Owendo from its date on');
    const closed = await svc.claim(by('70000004'));
    assert.equal(closed.kind === 'ineligible' && closed.reason, 'cycle_closed', 'Akanda after its window');
    assert.match(closed.kind === 'ineligible' ? closed.message.fr : '', /a pris fin pour l’agence Akanda le 2 avril 2020/);
    const again = await svc.claim(by('70000002'));
    assert.ok(again.kind === 'issued' && again.replayed, 'a credit already issued is replayed, whatever the window');
  } finally {
    store.close();
    t.cleanup();
  }
});

test('agency windows are checked like the cycle\'s own dates; a programme without them is unchanged', () => {
  const base = () => JSON.parse(JSON.stringify(builtinProgramme())) as Record<string, unknown> & { cycles: Record<string, unknown>[] };
  const bad = base();
  bad.cycles[0].agency_windows = [
    { agency: 'Owendo', opens_at: '2020-13-01' }, { agency: 'Owendo', opens_at: '2020-04-02' }, { agency: 'Akanda' },
    { agency: 'Ntoum', opens_at: '2020-04-05', closes_at: '2020-04-04' }, { agency: '', opens_at: '2020-04-02', colour: 'red' },
  ];
  const r = parseProgramme(bad);
  assert.equal(r.ok, false);
  const problems = r.ok ? [] : r.problems;
  for (const re of [/agency_windows\[0\]\.opens_at: must be an ISO 8601 date/, /agency_windows\[1\]\.agency: "Owendo" already has a window/, /agency_windows\[2\]: needs opens_at, closes_at or both/,
    /agency_windows\[3\]\.closes_at: must be after opens_at/, /agency_windows\[4\]\.agency: must be the agency's name/, /agency_windows\[4\]\.colour: unknown key/]) {
    assert.ok(problems.some((x) => re.test(x)), `${re} in ${JSON.stringify(problems)}`);
  }
  const plain = parseProgramme(base());
  assert.ok(plain.ok && plain.programme.cycles.every((c) => c.agency_windows === undefined), 'backward compatible: no key, no windows');
});
