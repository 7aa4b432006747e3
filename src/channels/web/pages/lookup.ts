/** @module "Retrouver mon code": what was already issued to a meter or contract, shown again without issuing anything. */
import type { Programme } from '../../../domain/programme.js';
import { formatFcfa } from '../../../programmes/format.js';
import { html, type SafeHtml } from '../../../http/html.js';
import { t, type Lang } from '../i18n.js';
import { href, page } from '../layout.js';
import { errorSummary, lookupForm } from './form.js';
import { cycleLabel } from './cycles.js';
import { accountIds, facts, tokenBlock, unitsText, type Issued } from './answer.js';

export type LookupResult =
  | { kind: 'form' }
  | { kind: 'invalid'; error: string }
  | { kind: 'unknown' }
  | { kind: 'found'; credits: Issued[] };

export interface LookupView {
  lang: Lang;
  demo: boolean;
  programme: Programme;
  numero: string;
  result: LookupResult;
}

function credit(a: Issued, p: Programme, lang: Lang): SafeHtml {
  const s = t(lang);
  const what = a.token !== null
    ? html`<p>${s.tokenFor(`${unitsText(a, lang)} ${s.serviceOf[a.service] ?? ''}`.trim(), formatFcfa(a.credit.fcfa, lang))}</p>${tokenBlock(a.token)}`
    : html`<p class="big">${s.credited(formatFcfa(a.credit.fcfa, lang), a.service, accountIds(a, lang))}</p>`;
  return html`<section class="card ok"><h3>${cycleLabel(p, a.cycle, lang)}</h3>${what}${facts(a, p, lang, undefined, false)}</section>`;
}

function results(v: LookupView): SafeHtml {
  const s = t(v.lang);
  const r = v.result;
  if (r.kind === 'form' || r.kind === 'invalid') return html``;
  const head = html`<h2 id="result-title">${s.findResultH(v.numero)}</h2>`;
  if (r.kind === 'unknown') return html`<section class="card no" aria-labelledby="result-title">${head}<p>${s.findUnknown}</p></section>`;
  if (r.credits.length === 0) {
    return html`<section class="card" aria-labelledby="result-title">${head}<p>${s.findNone}</p>
<p><a href="${href('/', v.lang, { numero: v.numero })}#numero">${s.findClaim}</a></p></section>`;
  }
  return html`<section aria-labelledby="result-title">${head}${r.credits.map((a) => credit(a, v.programme, v.lang))}</section>`;
}

/**
 * The answer first, as on the claim page: at 360 x 740 a found code must be on the first screen, so the search form
 * comes after it (to look up another number); before any search, or on an error, the form is all there is.
 */
export function lookupPage(v: LookupView): string {
  const s = t(v.lang);
  const error = v.result.kind === 'invalid' ? v.result.error : undefined;
  const searched = v.result.kind !== 'form' && v.result.kind !== 'invalid';
  const form = html`<section class="card">${!searched && html`<p>${s.findIntro}</p>`}${error && errorSummary(v.lang, { numero: error })}${lookupForm(v.lang, searched ? '' : v.numero, error)}</section>`;
  const body = html`<h1>${s.findTitle}</h1>
${results(v)}${searched && html`<h2>${s.findAnother}</h2>`}${form}`;
  return page({
    lang: v.lang,
    title: error ? s.errorTitle(s.findTitle) : s.findTitle,
    demo: v.demo,
    body,
    switchHref: href('/retrouver', v.lang === 'fr' ? 'en' : 'fr', { numero: v.numero }),
  });
}
