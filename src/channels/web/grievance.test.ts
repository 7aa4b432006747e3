/** @module Tests: the grievance pages over a real socket: "Contester" under a refusal, the ticket first, the status page, every bad input. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { GrievanceService } from '../../grievances/port.js';
import { checkPage, SUBS, webHarness, type WebHarness } from './test-support/harness.js';
import { frenchTypographyProblems, visibleText } from './test-support/typography.js';

const HOSTILE = `"><script>alert('x')</script><b>gras</b>`;
const PRO = SUBS[3];
let h: WebHarness;
let base: string;
let svc: GrievanceService;
/** Every grievance stored, newest first. */
const stored = () => svc.list({ limit: 500 });

before(async () => {
  h = await webHarness({ grievances: true });
  svc = h.grievances!;
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
after(() => h.close());

const get = async (path: string) => {
  // What a browser sends: the node's own error pages (404, 414) are then HTML too.
  const r = await fetch(base + path, { redirect: 'manual', headers: { accept: 'text/html,*/*' } });
  return { status: r.status, body: await r.text(), location: r.headers.get('location'), type: r.headers.get('content-type') };
};
const post = async (path: string, fields: Record<string, string> | string) => {
  const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
  const r = await fetch(base + path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  return { status: r.status, body: await r.text(), type: r.headers.get('content-type') };
};
const ticketOf = (body: string) => /Votre réclamation (R-[0-9A-Z]+) est enregistrée/.exec(body)?.[1] ?? /(R-[0-9A-Z]{6})/.exec(body)?.[1] ?? '';
const french = (body: string, where: string) => assert.deepEqual(frenchTypographyProblems(visibleText(body)), [], where);

test('a refusal\'s page offers "Contester" with the category of the refusal checked; a code issued offers nothing to contest', async () => {
  const rule = await post('/demande', { numero: PRO.meter_no });
  assert.match(rule.body, /<h2 id="contest-title">Contester cette réponse<\/h2>/);
  assert.match(rule.body, /<input type="radio" name="categorie" value="not_retained" checked>/);
  assert.match(rule.body, new RegExp(`<form method="post" action="/reclamation" novalidate>[\\s\\S]*value="${PRO.meter_no}"`));
  checkPage(rule.body, { lang: 'fr', demo: true });
  french(rule.body, 'refusal with contest');
  const unknown = await post('/demande', { numero: '12345' });
  assert.match(unknown.body, /<input type="radio" name="categorie" value="unknown_meter" checked>/);
  checkPage(unknown.body, { lang: 'fr', demo: true });
  const ids = [...unknown.body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids.filter((x, i) => ids.indexOf(x) !== i), [], 'the retry form and the contest form share no id');
  const en = await post('/demande', { numero: PRO.meter_no, lang: 'en' });
  assert.match(en.body, /Contest this answer/);
  assert.match(en.body, /<input type="hidden" name="lang" value="en">/);
  const issued = await post('/demande', { numero: SUBS[1].meter_no });
  assert.doesNotMatch(issued.body, /Contester/);
});

test('POST /reclamation: 201 with the ticket first, the message shown back escaped; a second one is the same ticket (200)', async () => {
  const r = await post('/reclamation', { numero: PRO.meter_no, categorie: 'not_retained', message: HOSTILE, phone: '077 12 34 56' });
  assert.equal(r.status, 201, r.body);
  assert.match(String(r.type), /^text\/html; charset=utf-8/);
  checkPage(r.body, { lang: 'fr', demo: true });
  french(r.body, 'raised');
  const ticket = ticketOf(r.body);
  assert.match(ticket, /^R-[0-9A-Z]{6}$/);
  assert.match(r.body, new RegExp(`<h1>Votre réclamation ${ticket} est enregistrée</h1>`), 'the ticket is the first thing read');
  assert.ok(!r.body.includes(HOSTILE) && !r.body.includes('<b>gras'), 'the message is not markup');
  assert.ok(r.body.includes('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;'), 'shown escaped');
  assert.match(r.body, /par SMS au \+24177123456/);
  assert.match(r.body, new RegExp(`href="/reclamation/${ticket}"`));
  const again = await post('/reclamation', { numero: PRO.contract_no, categorie: 'not_retained', message: 'encore' });
  assert.equal(again.status, 200);
  assert.match(again.body, new RegExp(`Vous avez déjà une réclamation en cours\u00a0: ${ticket}`));
  const en = await post('/reclamation', { numero: PRO.meter_no, categorie: 'other', lang: 'en' });
  assert.equal(en.status, 201);
  checkPage(en.body, { lang: 'en', demo: true });
  assert.match(en.body, /<h1>Your grievance R-[0-9A-Z]{6} is recorded<\/h1>/);
});

test('GET /reclamation/<ticket>: the status; once decided, the decision and the reason in plain words, escaped; case forgiven', async () => {
  const r = await post('/reclamation', { numero: SUBS[5].meter_no, categorie: 'not_retained' });
  const ticket = ticketOf(r.body);
  const open = await get(`/reclamation/${ticket}`);
  assert.equal(open.status, 200);
  checkPage(open.body, { lang: 'fr', demo: true });
  french(open.body, 'status');
  assert.match(open.body, /Enregistrée, en attente d’examen/);
  assert.match(open.body, /Aucune décision n’a encore été prise/);
  await svc.decide(ticket, { decision: 'accepted', reason: `Puissance mal enregistrée ${HOSTILE}` }, { username: 'sup', role: 'supervisor' });
  const decided = await get(`/reclamation/${ticket.toLowerCase()}`);
  assert.equal(decided.status, 200);
  assert.match(decided.body, /<h2>Décision<\/h2><p class="big">Acceptée<\/p>/);
  assert.match(decided.body, /Puissance mal enregistrée &quot;&gt;&lt;script&gt;/);
  assert.ok(!decided.body.includes(HOSTILE));
  assert.match(decided.body, /Vous pouvez maintenant demander votre crédit pour cette phase\./);
  assert.match(decided.body, new RegExp(`href="/\\?numero=${SUBS[5].meter_no}#numero"`));
  const en = await get(`/reclamation/${ticket}?lang=en`);
  assert.match(en.body, /<p class="big">Accepted<\/p>/);
});

test('a malformed or unknown ticket is a 404 page in French, never a 5xx; an absurd one a 414 page', async () => {
  for (const t of ['R-ZZZZZZZ', 'R-KKKKKK0', 'n%27importe%20quoi', encodeURIComponent(HOSTILE), 'R-' + 'A'.repeat(90), 'R-' + 'A'.repeat(300)]) {
    const r = await get(`/reclamation/${t}`);
    assert.equal(r.status, t.length > 200 ? 414 : 404, t);
    assert.match(String(r.type), /^text\/html/, t);
    assert.match(r.body, /<html lang="fr">/);
    assert.ok(!r.body.includes('<script>alert'), t);
    assert.match(r.body, /Réclamation introuvable|Page introuvable|L’adresse demandée est trop longue/, t);
  }
});

test('bad input: unknown category, empty number, 2,001 characters, 200 KB, a bad phone: a clear 400 page, nothing stored', async () => {
  const before = (await stored()).length;
  const cases: [Record<string, string> | string, RegExp][] = [
    [{ numero: PRO.meter_no, categorie: 'nimportequoi' }, /Choisissez le motif de votre réclamation\./],
    [{ numero: PRO.meter_no }, /Choisissez le motif/],
    [{ numero: '  ', categorie: 'other' }, /Indiquez votre numéro de compteur ou de contrat\./],
    [{ numero: PRO.meter_no, categorie: 'other', message: 'x'.repeat(2001) }, /Votre message est trop long\u00a0: 2\u202f000 caractères au plus\./],
    [`numero=${PRO.meter_no}&categorie=other&message=${'%C3%A9'.repeat(40_000)}`, /Votre message est trop long/],
    [{ numero: PRO.meter_no, categorie: 'other', phone: '12' }, /Le numéro de téléphone doit être un numéro gabonais/],
    [{ numero: '<b>1</b>', categorie: 'other' }, /Veuillez corriger ceci/],
  ];
  for (const [fields, words] of cases) {
    const r = await post('/reclamation', fields);
    assert.equal(r.status, 400, `${JSON.stringify(fields).slice(0, 80)}: ${r.status}`);
    assert.match(r.body, words);
    assert.ok(!r.body.includes('<b>1</b>'));
    checkPage(r.body, { lang: 'fr', demo: true });
  }
  const ok = await post('/reclamation', { numero: PRO.meter_no, categorie: 'other', message: 'é'.repeat(2000) });
  assert.ok(ok.status === 201 || ok.status === 200, `2,000 characters are taken: ${ok.status}`);
  assert.equal((await stored()).length, before + (ok.status === 201 ? 1 : 0), 'nothing stored by the refused forms');
});

test('GET /reclamation: the forms; a ticket goes to its page; a number lists its grievances; empty is 400; linked from home', async () => {
  const page = await get('/reclamation');
  assert.equal(page.status, 200);
  checkPage(page.body, { lang: 'fr', demo: true });
  french(page.body, '/reclamation');
  for (const c of ['not_retained', 'unknown_meter', 'code_rejected', 'not_credited', 'other']) assert.match(page.body, new RegExp(`value="${c}"`));
  const r = await post('/reclamation', { numero: SUBS[2].meter_no, categorie: 'not_credited' });
  const ticket = ticketOf(r.body);
  const byTicket = await get(`/reclamation?q=${encodeURIComponent(' ' + ticket.toLowerCase())}`);
  assert.equal(byTicket.status, 303);
  assert.equal(byTicket.location, `/reclamation/${ticket}`);
  const byNumber = await get(`/reclamation?q=${SUBS[2].contract_no}`);
  assert.equal(byNumber.status, 200);
  assert.match(byNumber.body, new RegExp(`<a href="/reclamation/${ticket}">${ticket}</a>`));
  assert.match(byNumber.body, /Crédit absent de la facture/);
  assert.equal((await get('/reclamation?q=')).status, 400);
  assert.equal((await get('/reclamation?q=R-ZZZZZZZ')).status, 404);
  assert.match((await get(`/reclamation?q=${SUBS[4].meter_no}`)).body, /Aucune réclamation n’est enregistrée pour ce numéro\./);
  const prefilled = await get(`/reclamation?numero=${SUBS[0].meter_no}&categorie=code_rejected`);
  assert.match(prefilled.body, /value="code_rejected" checked/);
  assert.match((await get('/')).body, /<a href="\/reclamation">Code refusé, crédit absent de la facture, autre problème\u00a0\? Faire ou suivre une réclamation<\/a>/);
  assert.match((await get('/?lang=en')).body, /<a href="\/reclamation\?lang=en">/);
});
