/**
 * @module Tests: grievances in the console's pages over the real service and store: the desk logs one for a caller,
 * the queue with its filters, SLA timers and keyset paging, notes and assignment, the decision (supervisor only, never
 * by the account that logged it, CSRF required), HTML typed by a subscriber shown as text, the report and its CSV.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleHarness, emailOf, type ConsoleHarness } from './test-support/harness.js';

let h: ConsoleHarness;
/** The console's clock runs this far ahead of the service's (to see timers turn amber and red). */
let ahead = 0;
before(async () => {
  h = await consoleHarness({ extra: { now: () => new Date(Date.now() + ahead) } });
});
after(() => h.close());

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "guillemets"';
const idOf = async (contract: string) => (await h.store.subscribers.findByContract(contract))!.id;
const lastAudit = async (n = 1) => (await h.services.audit.latest(n)).map((e): Record<string, unknown> => ({ actor: e.actor, action: e.action, ...e.details }));
const ticketIn = (location: unknown) => /\/console\/reclamations\/(R-[0-9A-Z]+)\?fait=(\w+)$/.exec(String(location));
const grievance = async (ticket: string) => {
  const l = await h.grievances.get(ticket);
  assert.equal(l.kind, 'found');
  return (l as { grievance: import('../../domain/grievance.js').Grievance }).grievance;
};

/** An agent logs one at the desk for subscriber `contract`: its ticket. */
async function logAtDesk(contract: string, category: string, message: string): Promise<string> {
  const agent = await h.session('agent');
  const r = await agent.post(`/console/abonnes/${await idOf(contract)}/reclamation`, { category, message, phone: '' });
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  const m = ticketIn(r.headers.location);
  assert.ok(m, String(r.headers.location));
  return m[1];
}

test('the desk: an agent logs a grievance for the caller (channel agent, logged by the agent, audited); the same again is the same ticket', async () => {
  const agent = await h.session('agent');
  const id = await idOf('C0000004');
  const page = await agent.get(`/console/abonnes/${id}`);
  assert.match(page.body, new RegExp(`action="/console/abonnes/${id}/reclamation"`), 'the agent is offered the form');
  const supervisorPage = await (await h.session('supervisor')).get(`/console/abonnes/${id}`);
  assert.doesNotMatch(supervisorPage.body, /\/reclamation"/, 'a supervisor does not log grievances');
  const ticket = await logAtDesk('C0000004', 'not_retained', HOSTILE);
  const g = await grievance(ticket);
  assert.deepEqual([g.channel, g.logged_by, g.category, g.status, g.message], ['agent', emailOf('agent'), 'not_retained', 'open', HOSTILE]);
  assert.deepEqual((await lastAudit())[0], { actor: emailOf('agent'), action: 'grievance_logged', ticket, subscriber: 'C0000004', category: 'not_retained', ip: '127.0.0.1' });
  const again = await agent.post(`/console/abonnes/${id}/reclamation`, { category: 'not_retained', message: 'encore' });
  assert.deepEqual(ticketIn(again.headers.location)?.slice(1), [ticket, 'existing']);
  const shown = await agent.get(`/console/reclamations/${ticket}?fait=existing`);
  assert.match(shown.body, new RegExp(`déjà ouverte pour cet abonné\u00a0: ticket ${ticket}`));
  const listed = await agent.get(`/console/abonnes/${id}`);
  assert.match(listed.body, new RegExp(`href="/console/reclamations/${ticket}"`), 'the subscriber\'s page lists it');
  const bad = await agent.post(`/console/abonnes/${id}/reclamation`, { category: 'nimporte', message: 'x' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Catégorie inconnue/);
  const long = await agent.post(`/console/abonnes/${id}/reclamation`, { category: 'other', message: 'x'.repeat(2001) });
  assert.equal(long.statusCode, 400, 'a message past 2,000 characters');
  assert.equal((await h.grievances.byNumber('C0000004')).length, 1, 'nothing stored by the bad ones');
  assert.equal((await (await h.session('supervisor')).post(`/console/abonnes/${id}/reclamation`, { category: 'other', message: 'x' })).statusCode, 403);
});

test('HTML typed by a subscriber shows as text on the grievance page, in notes, and never as markup', async () => {
  const ticket = (await h.grievances.byNumber('C0000004'))[0].ticket;
  const sup = await h.session('supervisor');
  assert.equal((await sup.post(`/console/reclamations/${ticket}/notes`, { body: `<b>gras</b> ${HOSTILE}` })).statusCode, 303);
  const page = await sup.get(`/console/reclamations/${ticket}`);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;guillemets&quot;'), 'the message escaped');
  assert.ok(page.body.includes('&lt;b&gt;gras&lt;/b&gt;'), 'the note escaped');
  assert.doesNotMatch(page.body, /<script>alert|<img src=x|<b>gras/);
});

test('the queue: every undecided grievance with its SLA timer in words, filters by category, agency, status and late; bad filters are 400', async () => {
  const t2 = await logAtDesk('C0000003', 'other', 'eau coupée');
  const agent = await h.session('agent');
  const q = await agent.get('/console/reclamations');
  assert.equal(q.statusCode, 200);
  assert.match(q.body, new RegExp(`<tr data-ticket="${t2}">`));
  assert.match(q.body, /data-sla="ok">Dans les délais\u00a0: reste \d/);
  const owendo = await agent.get('/console/reclamations?agence=Owendo');
  assert.match(owendo.body, new RegExp(t2));
  assert.equal((owendo.body.match(/<tr data-ticket=/g) ?? []).length, 1, 'only Owendo\'s');
  const other = await agent.get('/console/reclamations?categorie=not_retained');
  assert.doesNotMatch(other.body, new RegExp(t2));
  assert.doesNotMatch((await agent.get('/console/reclamations?retard=1')).body, /<tr data-ticket=/, 'none late yet');
  assert.doesNotMatch((await agent.get('/console/reclamations?statut=accepted')).body, /<tr data-ticket=/);
  for (const bad of ['categorie=x', 'agence=Mars', 'statut=perdu', 'avant=abc', 'retard=oui']) {
    const r = await agent.get(`/console/reclamations?${bad}`);
    assert.equal(r.statusCode, 400, bad);
    assert.match(r.body, /Filtre inconnu/);
  }
  // Seen from later on: amber when a quarter of the SLA or less is left, red (and said so) once past due.
  const g = await grievance(t2);
  const total = Date.parse(g.due_at) - Date.parse(g.created_at);
  ahead = Math.ceil(total * 0.8);
  assert.match((await agent.get('/console/reclamations')).body, new RegExp(`data-ticket="${t2}">.*?data-sla="amber">Bientôt en retard\u00a0: reste`, 's'));
  ahead = total + 3_600_000;
  assert.match((await agent.get('/console/reclamations')).body, new RegExp(`data-ticket="${t2}">.*?data-sla="red">En retard de 1\u00a0h`, 's'));
  ahead = 0;
});

test('keyset paging: 50 a page, the next link goes on below the last id, nothing shown twice', async () => {
  for (let i = 0; i < 55; i++) {
    const o = await h.grievances.raise({ who: { meter_no: String(80_000_000 + i) }, category: 'unknown_meter', message: '', phone: null, channel: 'web', logged_by: null, cycle: null });
    assert.equal(o.kind, 'raised', JSON.stringify(o));
  }
  const agent = await h.session('agent');
  const p1 = await agent.get('/console/reclamations?categorie=unknown_meter');
  const rows1 = [...p1.body.matchAll(/data-ticket="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(rows1.length, 50);
  const next = /href="(\/console\/reclamations\?[^"]*avant=\d+)" rel="next"/.exec(p1.body)?.[1].replaceAll('&amp;', '&');
  assert.ok(next, 'a link to the next page');
  const p2 = await agent.get(next);
  const rows2 = [...p2.body.matchAll(/data-ticket="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(rows2.length, 5);
  assert.deepEqual(rows1.filter((t) => rows2.includes(t)), []);
  assert.doesNotMatch(p2.body, /rel="next"/);
});

test('assignment and notes: agent and supervisor work the queue, the auditor reads only; each action audited', async () => {
  const ticket = await logAtDesk('C0000002', 'not_credited', 'crédit absent de ma facture');
  const agent = await h.session('agent');
  const taken = await agent.post(`/console/reclamations/${ticket}/attribution`, { to: 'me' });
  assert.deepEqual(ticketIn(taken.headers.location)?.slice(1), [ticket, 'taken']);
  assert.deepEqual([(await grievance(ticket)).assigned_to, (await grievance(ticket)).status], [emailOf('agent'), 'in_review']);
  assert.deepEqual((await lastAudit())[0], { actor: emailOf('agent'), action: 'grievance_assigned', ticket, to: emailOf('agent'), from: null, ip: '127.0.0.1' });
  const mine = await agent.get(`/console/reclamations/${ticket}?fait=taken`);
  assert.match(mine.body, /Réclamation attribuée/);
  assert.match(mine.body, /La remettre dans la file/);
  const auditor = await h.session('auditor');
  const read = await auditor.get(`/console/reclamations/${ticket}`);
  assert.equal(read.statusCode, 200);
  assert.doesNotMatch(read.body, /<form method="post" action="\/console\/reclamations/, 'no action offered to the auditor');
  assert.equal((await auditor.post(`/console/reclamations/${ticket}/notes`, { body: 'non' })).statusCode, 403);
  assert.equal((await auditor.post(`/console/reclamations/${ticket}/attribution`, { to: 'me' })).statusCode, 403);
  assert.equal((await agent.post(`/console/reclamations/${ticket}/notes`, { body: ' ' })).statusCode, 400);
  assert.equal((await agent.post(`/console/reclamations/${ticket}/notes`, { body: 'Rappeler le titulaire lundi.' })).statusCode, 303);
  assert.deepEqual((await lastAudit())[0], { actor: emailOf('agent'), action: 'note_added', ticket, length: 28, ip: '127.0.0.1' });
  const released = await agent.post(`/console/reclamations/${ticket}/attribution`, { to: 'none' });
  assert.equal(released.statusCode, 303);
  assert.equal((await grievance(ticket)).assigned_to, null);
  assert.equal((await agent.get('/console/reclamations/R-0000')).statusCode, 404, 'a malformed ticket');
  assert.match((await agent.get('/console/reclamations/R-0000')).body, /mal formé/);
  assert.equal((await (await h.session('admin')).get('/console/reclamations')).statusCode, 403, 'the admin does not work grievances');
});

test('the decision: a supervisor only, CSRF required, never by the account that logged it; the agent is offered no form', async () => {
  const ticket = (await h.grievances.byNumber('C0000004'))[0].ticket;
  const agent = await h.session('agent');
  assert.doesNotMatch((await agent.get(`/console/reclamations/${ticket}`)).body, /\/decision"/, 'no decision form for the agent');
  assert.equal((await agent.post(`/console/reclamations/${ticket}/decision`, { decision: 'accepted', reason: 'ok' })).statusCode, 403);
  const sup = await h.session('supervisor');
  const form = await sup.get(`/console/reclamations/${ticket}`);
  assert.match(form.body, new RegExp(`action="/console/reclamations/${ticket}/decision"`));
  const forged = await sup.post(`/console/reclamations/${ticket}/decision`, { decision: 'accepted', reason: 'Vous êtes retenu.' }, { csrf: null });
  assert.equal(forged.statusCode, 403);
  assert.equal((await sup.post(`/console/reclamations/${ticket}/decision`, { decision: 'peut-être', reason: 'x' })).statusCode, 400);
  assert.equal((await sup.post(`/console/reclamations/${ticket}/decision`, { decision: 'accepted', reason: '' })).statusCode, 400);
  assert.equal((await grievance(ticket)).decision, null, 'nothing decided by the refused ones');
  const done = await sup.post(`/console/reclamations/${ticket}/decision`, { decision: 'accepted', reason: 'Votre foyer est bien un particulier : vous pouvez demander votre crédit.' });
  assert.deepEqual(ticketIn(done.headers.location)?.slice(1), [ticket, 'decided']);
  const g = await grievance(ticket);
  assert.deepEqual([g.status, g.decided_by, g.remedy?.kind], ['accepted', emailOf('supervisor'), 'exception']);
  assert.deepEqual((await lastAudit())[0], { actor: emailOf('supervisor'), action: 'grievance_decided', ticket, category: 'not_retained', decision: 'accepted', remedy: 'exception', ip: '127.0.0.1' });
  const again = await sup.post(`/console/reclamations/${ticket}/decision`, { decision: 'rejected', reason: 'Non.' });
  assert.equal(again.statusCode, 409, 'decided once');
});

test('separation of duties: a supervisor who logged a grievance sees a plain message, not the form, and is refused', async () => {
  const o = await h.grievances.raise({ who: { contract_no: 'C0000001' }, category: 'code_rejected', message: 'le compteur refuse le code', phone: null, channel: 'agent', logged_by: emailOf('supervisor'), cycle: null });
  assert.equal(o.kind, 'raised');
  const ticket = (o as { grievance: { ticket: string } }).grievance.ticket;
  const sup = await h.session('supervisor');
  const page = await sup.get(`/console/reclamations/${ticket}`);
  assert.match(page.body, /id="same-duty">Vous avez enregistré cette réclamation\u00a0: une autre personne doit la décider/);
  assert.doesNotMatch(page.body, /\/decision"/);
  const r = await sup.post(`/console/reclamations/${ticket}/decision`, { decision: 'accepted', reason: 'Je m’accorde ceci.', remedy: 'resend' });
  assert.equal(r.statusCode, 403);
  assert.match(r.body, /séparation des tâches/);
  assert.equal((await grievance(ticket)).decision, null);
});

test('the report: open, late and decided by category and agency, the median time, acceptance per rule; the CSV audited as an export', async () => {
  const auditor = await h.session('auditor');
  const page = await auditor.get('/console/reclamations/rapport');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<table id="by-category">/);
  assert.match(page.body, /Non retenu<\/td><td>Libreville Centre<\/td><td class="n">0<\/td><td class="n">0<\/td><td class="n">1<\/td>/);
  assert.match(page.body, /id="median">\d/, 'one decided: a median');
  assert.match(page.body, /<table id="per-rule">/);
  const csv = await auditor.get('/console/reclamations/rapport.csv');
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="reclamations-\d+\.csv"/);
  assert.match(csv.body, /^section,category,agency,rule,open,late,decided,accepted,acceptance_pct,median_decision_s\n/);
  assert.match(csv.body, /\ncategory_agency,not_retained,Libreville Centre,,0,0,1,,,\n/);
  assert.deepEqual((await lastAudit())[0], { actor: emailOf('auditor'), action: 'export', kind: 'grievance_report', format: 'csv', rows: (csv.body.match(/^category_agency,/gm) ?? []).length, rules: (await h.grievances.report()).per_rule.length, ip: '127.0.0.1' });
  assert.equal((await (await h.session('admin')).get('/console/reclamations/rapport.csv')).statusCode, 403);
});
