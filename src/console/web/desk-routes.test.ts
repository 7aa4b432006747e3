/** @module Tests: the call-centre desk over HTTP: search, history, issue on behalf, the token read out with a reason, SMS sent again (rate-limited), notes; each in the audit log. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleHarness, POOL_TOKEN, SUBS, type ConsoleHarness } from './test-support/harness.js';
import type { SmsHistory } from '../desk/sms.js';

let h: ConsoleHarness;
const sent: { to: string | null; claim: string }[] = [];
/** A wired outbox stand-in: records what the desk asks to send (the real outbox is wired by the node). */
const sms: SmsHistory = {
  wired: true,
  forSubscriber: async () => [{ id: 1, credit_id: 1, kind: 'credit', phone: '+24166000002', text: 'SEEG: credit 20000 FCFA', state: 'delivered', attempts: 1, reason: null, created_at: '2020-04-01T08:00:00Z', updated_at: '2020-04-01T08:00:05Z' }],
  counts: async () => ({ queued: 0, sending: 0, sent: 0, delivered: 1, failed: 0 }),
  resend: async ({ credit, subscriber }) => (sent.push({ to: subscriber.phone, claim: credit.claim_id }), { ok: true, id: sent.length }),
};
before(async () => {
  h = await consoleHarness({ extra: { sms } });
});
after(() => h.close());

const idOf = async (contract: string) => (await h.store.subscribers.findByContract(contract))!.id;
const lastAudit = async (n = 1) => (await h.services.audit.latest(n)).map((e): Record<string, unknown> => ({ actor: e.actor, action: e.action, ...e.details }));

test('search: a name with its accent dropped and a slip finds the subscriber; the JSON API too; searches are audited', async () => {
  const agent = await h.session('agent');
  const page = await agent.get(`/console/guichet?q=${encodeURIComponent('ndong esono gisele')}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /NDONG ESSONO Gisèle/);
  assert.match(page.body, new RegExp(`href="/console/abonnes/${await idOf('C0000001')}"`));
  assert.doesNotMatch(page.body, /MBADINGA/);
  const [entry] = await lastAudit();
  assert.deepEqual([entry.actor, entry.action, entry.query, entry.results], ['agent@seeg.ga', 'subscriber_searched', 'ndong esono gisele', 1]);
  const api = await agent.get('/console/api/subscribers?q=%2B241%2066%2000%2000%2002');
  assert.equal(api.statusCode, 200);
  assert.deepEqual((api.json() as { contract_no: string; match: string }[]).map((x) => [x.contract_no, x.match]), [['C0000002', 'phone']]);
  assert.equal((await agent.get('/console/api/subscribers')).statusCode, 400, 'q is required');
  assert.equal((await agent.get('/console/api/subscribers?q=x&limit=500')).statusCode, 400);
  const typedToken = await agent.get(`/console/guichet?q=${POOL_TOKEN}`);
  assert.equal(typedToken.statusCode, 200, 'a token typed in the box is searched, not a fault');
  assert.equal((await lastAudit())[0].query, '[20 chiffres]', 'and never written to the audit log');
  const none = await agent.get('/console/guichet?q=zzyzx');
  assert.match(none.body, /Aucun abonné ne correspond/);
});

test('history: rights by cycle, credits, SMS, notes; the auditor reads it all and is offered no action', async () => {
  const id = await idOf('C0000002');
  const auditor = await h.session('auditor');
  const page = await auditor.get(`/console/abonnes/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /MBADINGA Jean-Pierre/);
  assert.match(page.body, /Phase 1 — avril 2020/);
  assert.match(page.body, /retenu/);
  assert.match(page.body, /delivered/, 'the SMS history from the outbox');
  assert.doesNotMatch(page.body, /action="[^"]*\/(attribuer|sms|code|notes)"/, 'no action form for the auditor');
  assert.equal((await lastAudit())[0].action, 'subscriber_viewed');
  const agent = await h.session('agent');
  const agentPage = await agent.get(`/console/abonnes/${id}`);
  for (const a of ['attribuer', 'notes']) assert.match(agentPage.body, new RegExp(`action="/console/abonnes/${id}/${a}"`), `the agent may ${a}`);
  assert.equal((await agent.get('/console/abonnes/999999')).statusCode, 404);
  assert.equal((await agent.get('/console/abonnes/abc')).statusCode, 404);
  assert.equal((await agent.get('/console/api/subscribers/999999')).statusCode, 404);
});

test('issue on behalf: the claim core with channel agent, the claim id in the audit log; again: the same credit, never a second', async () => {
  const id = await idOf('C0000002');
  const agent = await h.session('agent');
  const r = await agent.post(`/console/abonnes/${id}/attribuer`, { cycle: 'phase-1', phone: '+24162999999' });
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /Crédit attribué : référence G-\d{8}, 20\s000\sFCFA/);
  const credits = await h.store.claims.creditsOf(id);
  assert.equal(credits.length, 1);
  assert.equal(credits[0].channel, 'agent');
  assert.equal(credits[0].phone, null, 'a phone typed by the agent is ignored: the SMS goes to the phone on file');
  const [entry] = await lastAudit();
  assert.deepEqual([entry.action, entry.subscriber, entry.claim_id, entry.outcome], ['issued_on_behalf', 'C0000002', credits[0].claim_id, 'issued']);
  const again = await agent.post(`/console/abonnes/${id}/attribuer`, { cycle: 'phase-1' });
  assert.match(again.body, /Déjà attribué/);
  assert.equal((await h.store.claims.creditsOf(id)).length, 1);
  const refused = await agent.post(`/console/abonnes/${await idOf('C0000004')}/attribuer`, { cycle: 'phase-1' });
  assert.match(refused.body, /class="alert"/, 'a professional account is refused with the core\'s reason');
  assert.equal((await lastAudit())[0].outcome, 'not_retained');
});

test('a prepaid code is not shown on issue when a phone is on file; shown only with a typed reason, audited as token_shown', async () => {
  const id = await idOf('C0000001');
  const agent = await h.session('agent');
  const issued = await agent.post(`/console/abonnes/${id}/attribuer`, { cycle: 'phase-1' });
  assert.match(issued.body, /Le code part par SMS/);
  assert.doesNotMatch(issued.body, new RegExp(POOL_TOKEN.slice(0, 4) + ' ' + POOL_TOKEN.slice(4, 8)), 'no token on the issue page');
  const claim = (await h.store.claims.creditsOf(id))[0].claim_id;
  const noReason = await agent.post(`/console/abonnes/${id}/code`, { claim, reason: 'ok' });
  assert.equal(noReason.statusCode, 400);
  assert.doesNotMatch(noReason.body, /class="token"/);
  const shown = await agent.post(`/console/abonnes/${id}/code`, { claim, reason: 'L’abonné a effacé le SMS' });
  assert.equal(shown.statusCode, 200);
  assert.equal(shown.headers['cache-control'], 'no-store');
  assert.match(shown.body, /<span class="token" id="token">2371 6100 5011 8319 4197<\/span>/);
  const [entry] = await lastAudit();
  assert.deepEqual([entry.actor, entry.action, entry.claim_id, entry.reason], ['agent@seeg.ga', 'token_shown', claim, 'L’abonné a effacé le SMS']);
  const supervisor = await h.session('supervisor');
  assert.equal((await supervisor.post(`/console/abonnes/${id}/code`, { claim, reason: 'contrôle de routine' })).statusCode, 403, 'only the agent reads codes out');
  const other = await agent.post(`/console/abonnes/${await idOf('C0000002')}/code`, { claim, reason: 'mauvais abonné exprès' });
  assert.equal(other.statusCode, 404, 'a claim id of another subscriber shows nothing');
});

test('send the SMS again: to the phone on file, audited, not twice within two minutes', async () => {
  const id = await idOf('C0000002');
  const claim = (await h.store.claims.creditsOf(id))[0].claim_id;
  const agent = await h.session('agent');
  const first = await agent.post(`/console/abonnes/${id}/sms`, { claim });
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /remis en file d’envoi/);
  assert.deepEqual(sent.at(-1), { to: '+24166000002', claim });
  assert.deepEqual(((await lastAudit())[0]).outcome, 'queued');
  const second = await agent.post(`/console/abonnes/${id}/sms`, { claim });
  assert.equal(second.statusCode, 429);
  assert.match(second.body, /Trop de demandes/);
  assert.equal(sent.length, 1, 'nothing sent the second time');
  assert.equal((await lastAudit())[0].outcome, 'too_many');
});

test('notes: saved with their author, listed newest first; the audit log says who wrote about whom, not what', async () => {
  const id = await idOf('C0000003');
  const agent = await h.session('agent');
  const r = await agent.post(`/console/abonnes/${id}/notes`, { body: 'A appelé : n’a pas reçu le SMS <b>vendredi</b>.' });
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /A appelé : n’a pas reçu le SMS &lt;b&gt;vendredi&lt;\/b&gt;\./, 'escaped');
  const [entry] = await lastAudit();
  assert.equal(entry.action, 'note_added');
  assert.equal(entry.body, undefined);
  assert.equal((await agent.post(`/console/abonnes/${id}/notes`, { body: '   ' })).statusCode, 400);
  assert.equal((await agent.post(`/console/abonnes/${id}/notes`, { body: 'x'.repeat(2001) })).statusCode, 400);
  const auditor = await h.session('auditor');
  assert.equal((await auditor.post(`/console/abonnes/${id}/notes`, { body: 'hello' })).statusCode, 403);
});

test('without the outbox wired, the page says so and sending again answers 503', async () => {
  const plain = await consoleHarness();
  try {
    const id = (await plain.store.subscribers.findByContract('C0000002'))!.id;
    const agent = await plain.session('agent');
    await agent.post(`/console/abonnes/${id}/attribuer`, { cycle: 'phase-1' });
    const page = await agent.get(`/console/abonnes/${id}`);
    assert.match(page.body, /pas encore raccordé/);
    const claim = (await plain.store.claims.creditsOf(id))[0].claim_id;
    const r = await agent.post(`/console/abonnes/${id}/sms`, { claim });
    assert.equal(r.statusCode, 503);
  } finally {
    await plain.close();
  }
});
