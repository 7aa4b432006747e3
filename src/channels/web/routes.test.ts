import { test, before, after } from 'node:test';
import { located } from '../../test-support/claims.js';
import assert from 'node:assert/strict';
import { checkPage, POOL_TOKEN, SUBS, webHarness, type WebHarness } from './test-support/harness.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const HOSTILE = `"><script>alert('x')</script>`;
let h: WebHarness;

before(async () => {
  h = await webHarness();
});
after(() => h.close());

const post = (payload: string) => h.app.inject({ method: 'POST', url: '/demande', payload, headers: FORM });
const get = (url: string) => h.app.inject({ method: 'GET', url });

test('GET / in French and English: the relief, the one field, the samples, the lang kept in links and form', async () => {
  const fr = await get('/');
  assert.equal(fr.statusCode, 200);
  checkPage(fr.body, { lang: 'fr', demo: true });
  assert.match(fr.body, /Phase 1 — avril 2020/);
  assert.match(fr.body, /20\u202f000\u00a0FCFA/);
  assert.match(fr.body, /<label for="numero">Numéro de compteur ou de contrat<\/label>/);
  assert.match(fr.body, new RegExp(`href="/\\?numero=${SUBS[0].meter_no}#numero"`), 'a prepaid sample to try');
  assert.match(fr.body, /href="\/\?lang=en"/);
  const en = await get('/?lang=en');
  checkPage(en.body, { lang: 'en', demo: true });
  assert.match(en.body, /<input type="hidden" name="lang" value="en">/);
  assert.match(en.body, /href="\/retrouver\?lang=en"/);
  assert.match(en.body, /20,000 FCFA/);
  const prefilled = await get(`/?numero=${encodeURIComponent(HOSTILE)}`);
  assert.ok(!prefilled.body.includes(HOSTILE));
});

test('every page carries the security headers; answer pages are never cached', async () => {
  for (const r of [await get('/'), await get('/retrouver'), await post(`numero=${SUBS[1].meter_no}`)]) {
    assert.match(String(r.headers['content-security-policy']), /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; form-action 'self'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.match(String(r.headers['content-type']), /^text\/html; charset=utf-8/);
  }
  assert.equal((await post(`numero=${SUBS[1].meter_no}`)).headers['cache-control'], 'no-store');
  assert.equal((await get(`/retrouver?numero=${SUBS[1].meter_no}`)).headers['cache-control'], 'no-store');
});

test('a prepaid meter gets its code in groups of four, then the same code again as a replay', async () => {
  const r = await post(`numero=${SUBS[0].meter_no}&phone=077+12+34+56`);
  assert.equal(r.statusCode, 200);
  checkPage(r.body, { lang: 'fr', demo: true });
  assert.match(r.body, />2371<\/span> <span>6100<\/span> <span>5011<\/span> <span>8319<\/span> <span>4197</);
  assert.match(r.body, /416,6\u00a0kWh/);
  assert.match(r.body, /Entrée \(ou #\)/);
  assert.doesNotMatch(r.body, /déjà reçu/);
  const again = await post(`numero=${SUBS[0].meter_no.replace(/(\d{4})/g, '$1 ')}&lang=en`);
  assert.equal(again.statusCode, 200);
  checkPage(again.body, { lang: 'en', demo: true });
  assert.match(again.body, /You already received this code/);
  assert.ok(again.body.replace(/<[^>]+>| /g, '').includes(POOL_TOKEN));
});

test('postpaid and water accounts are credited, each answer naming the account (service, contract and meter); a contract number works in the same field', async () => {
  const r = await post(`numero=${SUBS[1].contract_no.toLowerCase()}`);
  assert.equal(r.statusCode, 200);
  const [e, w] = [SUBS[1], SUBS[2]];
  assert.match(r.body, new RegExp(`Votre compte d’électricité \\(contrat\u00a0${e.contract_no}, compteur\u00a0${e.meter_no}\\) a été crédité de 20\u202f000\u00a0FCFA, visible sur votre prochaine facture`));
  assert.match(r.body, new RegExp(`<dt>Compte crédité</dt><dd>Électricité, contrat\u00a0${e.contract_no}, compteur\u00a0${e.meter_no}</dd>`));
  const water = await post(`numero=${w.meter_no}`);
  assert.match(water.body, new RegExp(`Votre compte d’eau \\(contrat\u00a0${w.contract_no}, compteur\u00a0${w.meter_no}\\) a été crédité de 15\u202f000\u00a0FCFA`));
  const en = await post(`numero=${w.contract_no}&lang=en`);
  assert.match(en.body, /Your account was already credited/);
  assert.match(en.body, new RegExp(`Your water account \\(contract ${w.contract_no}, meter ${w.meter_no}\\) has been credited with 15,000 FCFA`));
  const found = await get(`/retrouver?numero=${e.meter_no}`);
  assert.match(found.body, new RegExp(`compte d’électricité \\(contrat\u00a0${e.contract_no}, compteur\u00a0${e.meter_no}\\)`), 'retrouver names the account too');
});

test('the number field shows the formats: meter digits on its face, contract as on the bill with an example', async () => {
  const fr = (await get('/')).body;
  assert.match(fr, /<span class="hint" id="numero-hint">Compteur\u00a0: le numéro écrit sur sa face avant \(11 ou 13 chiffres pour un compteur à prépaiement\)\. Contrat\u00a0: comme sur votre facture, par exemple MJL-88211178\u00a0; tirets et espaces facultatifs\.<\/span>/);
  assert.match((await get('/retrouver?lang=en')).body, /Contract: as on your bill, for example MJL-88211178; dashes and spaces optional\./);
});

test('refusals are a 200 page with the reason and what to do next', async () => {
  const no = await post(`numero=${SUBS[3].meter_no}`);
  assert.equal(no.statusCode, 200);
  checkPage(no.body, { lang: 'fr', demo: true });
  assert.match(no.body, /<h1>Non retenu pour cette phase<\/h1>/);
  assert.match(no.body, /particulier/);
  assert.doesNotMatch(no.body, /ouvrira|revenez/, 'phase 2 would refuse a professional too: no "come back then"');
  const later = await post(`numero=${SUBS[5].meter_no}`);
  assert.match(later.body, /<h1>Non retenu pour cette phase<\/h1>/);
  assert.match(later.body, /Phase 2 — mai 2020 ouvrira/, 'phase 2 would retain a social 3 kW subscriber: come back then');
  const unknown = await post('numero=99999999&lang=en');
  assert.equal(unknown.statusCode, 200);
  checkPage(unknown.body, { lang: 'en', demo: true });
  assert.match(unknown.body, /Number not found/);
  assert.match(unknown.body, /value="99999999"/, 'the form comes back filled in to fix a typing slip');
  const contract = await post('numero=LBV-404');
  assert.match(contract.body, /<h1>Numéro introuvable<\/h1><p class="big">[^<]*LBV-404/, 'the claim path’s sentence names the number');
});

test('invalid input re-shows the form with a 400, the error tied to its field, the value kept, hostile input escaped', async () => {
  const cases: [string, RegExp, string][] = [
    ['numero=', /Indiquez votre numéro/, 'numero'],
    [`numero=${encodeURIComponent(HOSTILE)}`, /ne peut contenir que des chiffres/, 'numero'],
    ['numero=' + '1'.repeat(200), /trop long/, 'numero'],
    ['numero=10000000018', /chiffre de contrôle/, 'numero'],
    [`numero=${SUBS[1].meter_no}&phone=${encodeURIComponent(HOSTILE)}`, /\+241 suivi de 8 chiffres/, 'phone'],
    ['numero=١٢٣٤٥', /ne peut contenir que des chiffres/, 'numero'],
  ];
  for (const [payload, message, field] of cases) {
    const r = await post(payload);
    assert.equal(r.statusCode, 400, payload);
    checkPage(r.body, { lang: 'fr', demo: true });
    assert.match(r.body, message, payload);
    assert.match(r.body, new RegExp(`id="${field}" name="${field}" [^>]*aria-describedby="${field}-error ${field}-hint" aria-invalid="true"`), payload);
    assert.ok(!r.body.includes(HOSTILE) && !r.body.includes('<script'), payload);
  }
  const en = await post('numero=10000000018&lang=en');
  assert.equal(en.statusCode, 400);
  assert.match(en.body, /This meter number looks mistyped/);
  assert.match(en.body, /value="10000000018"/);
});

test('a form that is too large or not a form gets the HTML form back with a 400, not JSON', async () => {
  const big = await post('numero=' + 'x'.repeat(10_000));
  assert.equal(big.statusCode, 400);
  checkPage(big.body, { lang: 'fr', demo: true });
  const other = await h.app.inject({ method: 'POST', url: '/demande', payload: '<xml/>', headers: { 'content-type': 'application/xml' } });
  assert.equal(other.statusCode, 400);
  assert.match(String(other.headers['content-type']), /text\/html/);
  // The claim API itself still speaks JSON only: the form parser stays with the pages.
  const api = await h.app.inject({ method: 'POST', url: '/api/v1/claims', payload: 'meter_no=1', headers: FORM });
  assert.equal(api.statusCode, 400);
  assert.match(String(api.headers['content-type']), /application\/json/);
});

test('a GET of /demande never claims without a waiting-room pass: it goes back to the form', async () => {
  const r = await get(`/demande?numero=${SUBS[4].meter_no}&lang=en`);
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, `/?numero=${SUBS[4].meter_no}&lang=en`);
  const look = await get(`/retrouver?numero=${SUBS[4].meter_no}`);
  assert.match(look.body, /Aucun code ni crédit/, 'nothing was issued by the GET');
});

test('retrouver: the form, codes already issued, nothing issued, unknown, invalid; it never issues', async () => {
  const form = await get('/retrouver?lang=en');
  assert.equal(form.statusCode, 200);
  checkPage(form.body, { lang: 'en', demo: true });
  const found = await get(`/retrouver?numero=${SUBS[0].contract_no}`);
  checkPage(found.body, { lang: 'fr', demo: true });
  assert.match(found.body, />2371<\/span> <span>6100</);
  const none = await get(`/retrouver?numero=${SUBS[4].meter_no}&lang=en`);
  assert.match(none.body, /No code or credit has been issued/);
  assert.match(none.body, new RegExp(`href="/\\?numero=${SUBS[4].meter_no}&amp;lang=en#numero"`));
  const unknown = await get('/retrouver?numero=123456');
  assert.match(unknown.body, /ne figure pas dans le fichier/);
  const bad = await get(`/retrouver?numero=${encodeURIComponent(HOSTILE)}`);
  assert.equal(bad.statusCode, 400);
  checkPage(bad.body, { lang: 'fr', demo: true });
  assert.ok(!bad.body.includes(HOSTILE));
  assert.equal(h.claims.issuedTo(located(h.claims.locate({ meter_no: SUBS[4].meter_no }))).length, 0);
});

test('demo samples endpoint answers the four lists', async () => {
  const r = await get('/api/v1/demo/samples');
  assert.equal(r.statusCode, 200);
  assert.deepEqual(Object.keys(r.json()), ['prepaid', 'postpaid', 'water', 'not_retained']);
  assert.deepEqual(r.json().prepaid, [SUBS[0].meter_no]);
});

test('outside demo mode: no banner, no samples, and the samples endpoint is a JSON 404', async () => {
  const prod = await webHarness({ demo: false });
  try {
    for (const url of ['/', '/retrouver', `/retrouver?numero=${SUBS[1].meter_no}`]) {
      checkPage((await prod.app.inject({ method: 'GET', url })).body, { lang: 'fr', demo: false });
    }
    const ans = await prod.app.inject({ method: 'POST', url: '/demande', payload: `numero=${SUBS[1].meter_no}`, headers: FORM });
    checkPage(ans.body, { lang: 'fr', demo: false });
    assert.doesNotMatch((await prod.app.inject({ method: 'GET', url: '/' })).body, /Numéros d’essai/);
    const s = await prod.app.inject({ method: 'GET', url: '/api/v1/demo/samples' });
    assert.equal(s.statusCode, 404);
    assert.equal(s.json().status, 'not_found');
  } finally {
    await prod.close();
  }
});

test('a store fault shows the polite 503 page with Retry-After and the number kept', async () => {
  const broken = await webHarness({ failCommits: true });
  try {
    const r = await broken.app.inject({ method: 'POST', url: '/demande', payload: `numero=${SUBS[1].meter_no}&lang=en`, headers: FORM });
    assert.equal(r.statusCode, 503);
    assert.equal(r.headers['retry-after'], '5');
    assert.equal(r.headers['cache-control'], 'no-store');
    checkPage(r.body, { lang: 'en', demo: true });
    assert.match(r.body, /temporarily unavailable/);
    assert.match(r.body, new RegExp(`value="${SUBS[1].meter_no}"`));
    assert.doesNotMatch(r.body, /disk I\/O|at .*\.ts/, 'no internals leak');
  } finally {
    await broken.close();
  }
});
