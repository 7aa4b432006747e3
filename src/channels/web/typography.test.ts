/**
 * @module Tests: French typography on every page and every refusal sentence (typographic apostrophes, no-break
 * spaces before : ; ? ! », after «, between a number and its unit), and no French left on the English pages.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../../domain/programme.js';
import { builtinProgramme, compileProgramme, reasonMessage } from '../../programmes/index.js';
import { sub, water, programmeWith } from '../../programmes/test-support/fixtures.js';
import type { ReasonCode } from '../../programmes/types.js';
import { reasonText } from '../../claims/reasons.js';
import { SUBS, webHarness, type WebHarness } from './test-support/harness.js';
import { frenchTypographyProblems, visibleText } from './test-support/typography.js';
import { t } from './i18n.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let h: WebHarness;
before(async () => {
  h = await webHarness();
});
after(() => h.close());

function clean(text: string, where: string): void {
  assert.deepEqual(frenchTypographyProblems(text), [], `${where}: ${text}`);
}

test('every refusal sentence of the catalogue, and of failed conditions on every field and operator', () => {
  const p = builtinProgramme();
  p.cycles[1].opens_at = '2020-05-04T08:30:00+01:00';
  const reasons: ReasonCode[] = ['not_retained', 'cycle_closed', 'cycle_not_open', 'unknown_cycle', 'service_not_covered', 'budget_exhausted', 'unknown_meter', 'no_code_left'];
  for (const r of reasons) {
    for (const cycle of [undefined, ...p.cycles, { ...p.cycles[0], wording: undefined, closes_at: '2020-04-30' }]) {
      clean(reasonMessage(r, { cycle, programme: p, service: 'water', number: '12345' }).fr, `${r} ${cycle?.id}`);
    }
  }
  for (const code of ['issuance_unavailable', 'meter_needs_key_change'] as const) clean(reasonText(code)[0], code);
  const rules: Rule[] = [
    { field: 'power_kw', op: 'lte', value: 1 }, { field: 'power_kw', op: 'in', values: [3, 6] }, { field: 'power_kw', op: 'between', min: 3, max: 9 },
    { not: { field: 'power_kw', op: 'between', min: 1, max: 3 } }, { field: 'avg_monthly_use', op: 'lte', value: 15 },
    { field: 'avg_monthly_use', op: 'gte', value: 500 }, { field: 'avg_monthly_use', op: 'in', values: [1, 2] },
    { field: 'tariff', op: 'eq', value: 'general' }, { field: 'tariff', op: 'ne', value: 'social' }, { field: 'category', op: 'in', values: ['professionnel', 'administration'] },
    { field: 'category', op: 'ne', value: 'particulier' }, { field: 'metering', op: 'eq', value: 'prepaid' }, { field: 'service', op: 'ne', value: 'electricity' },
    { field: 'agency', op: 'eq', value: 'Akanda' }, { field: 'agency', op: 'not_in', values: ['Owendo'] }, { field: 'district', op: 'in', values: ['Nzeng-Ayong', 'Akébé'] },
    { field: 'holder_name', op: 'eq', value: 'x' },
    { all: [{ field: 'tariff', op: 'eq', value: 'social' }, { field: 'metering', op: 'eq', value: 'postpaid' }, { field: 'power_kw', op: 'gte', value: 6 }] },
  ];
  for (const rule of rules) {
    for (const s of [sub({ power_kw: 2 }), sub({ power_kw: null }), water({ avg_monthly_use: 22.5 })]) {
      for (const wording of [{ wording: { fr: 'l’été 2020', en: 'summer 2020' } }, { wording: undefined, label: 'Phase 2 — mai 2020' }]) {
        const d = compileProgramme(programmeWith([{ service: s.service, amount_fcfa: 20000, rule }], wording)).decide('c1', s);
        if (!d.retained) clean(d.message.fr, JSON.stringify(rule));
      }
    }
  }
});

test('every French page the subscriber can reach, and every field error', async () => {
  const post = (body: string) => h.app.inject({ method: 'POST', url: '/demande', payload: body, headers: FORM });
  const get = (url: string) => h.app.inject({ url });
  const prepaid = SUBS[0].meter_no;
  const answers = [
    await get('/'), await get('/retrouver'), await get(`/retrouver?numero=${prepaid}`), await get('/retrouver?numero=12ab!'),
    await get('/retrouver?numero=99999999'), await get('/attente?numero=1&pass=x&due=0'), await get('/nope'),
    await post(`numero=${prepaid}`), await post(`numero=${prepaid}`), await post(`numero=${SUBS[1].meter_no}`), await post(`numero=${SUBS[2].meter_no}`),
    await post(`numero=${SUBS[3].meter_no}`), await post(`numero=${SUBS[5].meter_no}`), await post('numero=12345'), await post('numero='),
    await post(`numero=${'9'.repeat(60)}`), await post('numero=ab%24%24'), await post(`numero=${prepaid.slice(0, -1)}${(Number(prepaid.at(-1)) + 1) % 10}`),
    await post(`numero=${SUBS[1].meter_no}&phone=011`), await post(`numero=${SUBS[1].contract_no}`),
  ];
  for (const r of answers) clean(visibleText(r.body), `${r.statusCode} page`);
});

test('the French words of the pages themselves (i18n), every one', () => {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') clean(v, path);
    else if (typeof v === 'function') {
      const out = (v as (...a: unknown[]) => unknown)('Phase 2 — mai 2020', '4 mai 2020');
      walk(out, `${path}()`);
      walk((v as (...a: unknown[]) => unknown)(90), `${path}(90)`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(t('fr'), 'fr');
});

test('English pages hold no French: titles, cycle labels (label_en), sentences', async () => {
  const post = (body: string) => h.app.inject({ method: 'POST', url: '/demande', payload: `${body}&lang=en`, headers: FORM });
  const get = (url: string) => h.app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}lang=en` });
  const prepaid = SUBS[0].meter_no;
  const answers = [
    await get('/'), await get('/retrouver'), await get(`/retrouver?numero=${prepaid}`), await get('/retrouver?numero=99999999'),
    await get('/attente?numero=1&pass=x&due=0'), await post(`numero=${prepaid}`), await post(`numero=${SUBS[1].meter_no}`),
    await post(`numero=${SUBS[3].meter_no}`), await post(`numero=${SUBS[5].meter_no}`), await post('numero=12345'), await post('numero='),
    await post(`numero=${SUBS[1].meter_no}&phone=011`),
  ];
  const FRENCH = /\b(avril|mai|le|la|les|des|votre|vous|numéro|compteur|phase 1 —|retenu|été|électricité|eau|Français)\b|[éèàçê]/i;
  for (const r of answers) {
    // The link to the French page says "Français", in French, on purpose; the title keeps the contract's "[DÉMO]".
    const text = visibleText(r.body).replace('Français', '').replace('[DÉMO]', '');
    const m = FRENCH.exec(text);
    assert.equal(m, null, `French on an English page (${r.statusCode}): ${m && JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40))}`);
  }
});
