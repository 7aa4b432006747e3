/** @module Tests: the programme screens over HTTP: a dry run over the registry before any save, cycles opened, closed and scheduled, an agency's window, the admit rate; all audited, supervisor only. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { WaitingRoom } from '../../admission/index.js';
import { builtinProgramme } from '../../programmes/index.js';
import { silentLog } from '../../test-support/fixtures.js';
import { followAdmitRate } from '../programmes/admit-rate.js';
import { consoleHarness, SUBS, type ConsoleHarness } from './test-support/harness.js';

let h: ConsoleHarness;
const room = new WaitingRoom({ secret: randomBytes(32), now: () => performance.now(), random: Math.random, admitRate: null });
before(async () => {
  h = await consoleHarness({ extra: { room } });
});
after(() => h.close());

const lastAudit = async () => (await h.services.audit.latest(1)).map((e): Record<string, unknown> => ({ actor: e.actor, action: e.action, ...e.details }))[0];
const inForce = async () => (await h.store.programmes.latest())!;

test('the programme screen: cycles, rules in words and agency windows for all who read; the forms for the supervisor only', async () => {
  const sup = await h.session('supervisor');
  const page = await sup.get('/console/programmes');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Phase 1 — avril 2020/);
  assert.match(page.body, /Retenus si/);
  assert.match(page.body, /action="\/console\/programmes\/cycles\/phase-1\/etat"/);
  assert.match(page.body, /action="\/console\/programmes\/debit"/);
  const auditor = await h.session('auditor');
  const ro = await auditor.get('/console/programmes');
  assert.equal(ro.statusCode, 200);
  assert.doesNotMatch(ro.body, /<form method="post" action="\/console\/programmes/, 'the auditor changes nothing');
  assert.equal((await auditor.get('/console/programmes/editeur')).statusCode, 403);
  const agent = await h.session('agent');
  assert.equal((await agent.get('/console/programmes')).statusCode, 403);
});

test('a dry run over the whole registry: retained, lost against a cycle in force, budget against the envelope; saving needs that very dry run', async () => {
  const sup = await h.session('supervisor');
  const p = builtinProgramme();
  // Phase 1's water only up to 10 m³ a month: the household using 12 loses it.
  p.cycles[0].benefits[1].rule = { all: [{ field: 'category', op: 'eq', value: 'particulier' }, { field: 'avg_monthly_use', op: 'lte', value: 10 }] };
  p.cycles[0].budget_fcfa = 30_000;
  const text = JSON.stringify(p, null, 2);
  const sim = await sup.post('/console/programmes/simulation', { body: text, cycle: 'phase-1', reference: 'phase-1' });
  assert.equal(sim.statusCode, 200, sim.body.slice(0, 300));
  const expectedRetained = SUBS.filter((s) => s.category === 'particulier' && s.service === 'electricity').length;
  const sentence = /<p class="big" id="dry-run-sentence">([^<]+)<\/p>/.exec(sim.body)![1];
  assert.match(sentence, new RegExp(`^${expectedRetained} retenus, 1 perdent l’éligibilité par rapport à phase-1, 0 la gagnent, budget nécessaire 40\\s000\\sFCFA sur une enveloppe de 30\\s000\\sFCFA\\.$`), sentence);
  assert.match(sim.body, /le budget nécessaire dépasse l’enveloppe/);
  const audit = await lastAudit();
  assert.deepEqual([audit.action, audit.retained, audit.cycle], ['programme_dry_run', expectedRetained, 'phase-1']);
  const hash = /name="hash" value="([^"]+)"/.exec(sim.body)![1];
  assert.equal((await sup.post('/console/programmes/enregistrer', { body: text.replace('30000', '60000'), hash })).statusCode, 409, 'a text other than the one simulated is not saved');
  assert.equal((await sup.post('/console/programmes/enregistrer', { body: text, hash: 'made-up' })).statusCode, 409);
  const other = await h.session('supervisor');
  assert.equal((await other.post('/console/programmes/enregistrer', { body: text, hash })).statusCode, 200, 'the same supervisor account, another session');
  assert.equal((await inForce()).cycles[0].budget_fcfa, 30_000, 'saved');
  assert.equal((await lastAudit()).action, 'programme_changed');
  const bad = await sup.post('/console/programmes/simulation', { body: '{"id": "x"', cycle: 'phase-1', reference: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /not valid JSON/);
  const invalid = await sup.post('/console/programmes/simulation', { body: JSON.stringify({ ...p, cycles: [{ ...p.cycles[0], state: 'opened' }] }), cycle: 'phase-1', reference: '' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /\$\.cycles\[0\]\.state: must be one of scheduled, open, closed/);
});

test('the JSON dry run for scripts answers the same numbers', async () => {
  const sup = await h.session('supervisor');
  const r = await h.app.inject({
    method: 'POST', url: '/console/api/programmes/dry-run', headers: { cookie: sup.cookie, 'x-csrf-token': sup.csrf, 'content-type': 'application/json' },
    payload: JSON.stringify({ programme: builtinProgramme(), cycle: 'phase-2', reference: 'phase-1' }),
  });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json() as { retained: number; subscribers: number; envelope_fcfa: number };
  assert.equal(body.subscribers, SUBS.length);
  assert.equal(body.envelope_fcfa, 6_000_000_000);
  const noToken = await h.app.inject({ method: 'POST', url: '/console/api/programmes/dry-run', headers: { cookie: sup.cookie, 'content-type': 'application/json' }, payload: '{}' });
  assert.equal(noToken.statusCode, 403);
});

test('close, open and schedule a cycle: the claim core follows at once; each change audited', async () => {
  const sup = await h.session('supervisor');
  const prepaid = SUBS[1].contract_no;
  const closed = await sup.post('/console/programmes/cycles/phase-1/etat', { state: 'closed' });
  assert.equal(closed.statusCode, 200, closed.body.slice(0, 300));
  assert.equal((await lastAudit()).action, 'cycle_closed');
  const refused = await h.claims.claim({ who: { contract_no: prepaid }, cycle: 'phase-1', phone: null, pass: null, channel: 'api' });
  assert.equal(refused.kind === 'ineligible' && refused.reason, 'cycle_closed');
  await sup.post('/console/programmes/cycles/phase-1/etat', { state: 'open' });
  assert.equal((await lastAudit()).action, 'cycle_opened');
  const sched = await sup.post('/console/programmes/cycles/phase-2/etat', { state: 'scheduled', opens_at: '2020-05-04T08:00' });
  assert.equal(sched.statusCode, 200);
  assert.equal((await inForce()).cycles[1].opens_at, '2020-05-04T08:00:00+01:00');
  assert.equal((await lastAudit()).action, 'cycle_scheduled');
  assert.equal((await sup.post('/console/programmes/cycles/phase-2/etat', { state: 'scheduled' })).statusCode, 400, 'a schedule needs its date');
  assert.equal((await sup.post('/console/programmes/cycles/nope/etat', { state: 'open' })).statusCode, 400);
  const agent = await h.session('agent');
  assert.equal((await agent.post('/console/programmes/cycles/phase-1/etat', { state: 'closed' })).statusCode, 403);
});

test('an agency\'s window: its subscribers hear cycle_not_open with its date; removed, they claim again', async () => {
  const sup = await h.session('supervisor');
  const sub = SUBS[1];
  const set = await sup.post('/console/programmes/cycles/phase-1/agences', { action: 'set', agency: 'Libreville Centre', opens_at: '2099-04-03T08:00' });
  assert.equal(set.statusCode, 200, set.body.slice(0, 300));
  assert.match(set.body, /<td>Libreville Centre<\/td>/);
  const audit = await lastAudit();
  assert.deepEqual([audit.action, audit.agency, audit.opens_at], ['opening_changed', 'Libreville Centre', '2099-04-03T08:00:00+01:00']);
  const wait = await h.claims.claim({ who: { contract_no: sub.contract_no }, cycle: null, phone: null, pass: null, channel: 'web' });
  assert.equal(wait.kind === 'ineligible' && wait.reason, 'cycle_not_open');
  assert.match(wait.kind === 'ineligible' ? wait.message.fr : '', /pour l’agence Libreville Centre.*3 avril 2099/);
  await sup.post('/console/programmes/cycles/phase-1/agences', { action: 'remove', agency: 'Libreville Centre' });
  const ok = await h.claims.claim({ who: { contract_no: sub.contract_no }, cycle: null, phone: null, pass: null, channel: 'web' });
  assert.equal(ok.kind, 'issued');
  assert.equal(ok.kind === 'issued' && ok.credit.cycle, 'phase-1');
  assert.equal((await sup.post('/console/programmes/cycles/phase-1/agences', { action: 'set', agency: 'Owendo' })).statusCode, 400, 'a window needs a date');
});

test('the admit rate: applied to this node\'s room at once, kept in the store for every node, audited; other nodes follow the setting', async () => {
  const sup = await h.session('supervisor');
  const r = await sup.post('/console/programmes/debit', { rate: '25' });
  assert.equal(r.statusCode, 200);
  assert.equal(room.stats().admit_rate, 25);
  assert.equal(await h.store.setting('admit_rate'), '25');
  assert.deepEqual([(await lastAudit()).action, (await lastAudit()).to], ['admit_rate_changed', 25]);
  assert.match(r.body, /<b id="admit-now">25 par seconde<\/b>/);
  assert.equal((await sup.post('/console/programmes/debit', { rate: '-3' })).statusCode, 400);
  // Another node: a room of its own, following the same store.
  const other = new WaitingRoom({ secret: randomBytes(32), now: () => performance.now(), random: Math.random, admitRate: null });
  const seen: (number | null)[] = [];
  const stop = followAdmitRate(h.store, (x) => (other.setAdmitRate(x), seen.push(x)), silentLog, 20);
  try {
    const until = Date.now() + 10_000;
    while (other.stats().admit_rate !== 25 && Date.now() < until) await new Promise((w) => setTimeout(w, 20));
    assert.equal(other.stats().admit_rate, 25, 'another node picks the ceiling up');
    await sup.post('/console/programmes/debit', { rate: '' });
    while (other.stats().admit_rate !== null && Date.now() < until) await new Promise((w) => setTimeout(w, 20));
    assert.equal(other.stats().admit_rate, null, 'and its removal');
  } finally {
    stop();
  }
});
