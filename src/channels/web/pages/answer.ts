/** @module The answer to a claim: the code and how to key it in, the account credit, or the reason and what to do next. */
import type { Issued, Refused } from '../views.js';
import type { Programme } from '../../../domain/programme.js';
import { formatDate, formatFcfa, formatNumber, unitLabel } from '../../../programmes/format.js';
import { html, type SafeHtml } from '../../../http/html.js';
import { t, type Lang } from '../i18n.js';
import { href, page } from '../layout.js';
import { claimForm, EMPTY_FORM, type FormValues } from './form.js';
import { cycleLabel, opensOn } from './cycles.js';

export type { Issued };

/** "2371 6100 5011 8319 4197": four-digit groups are what meter keypads and printed receipts use. */
export function groupToken(token: string): string[] {
  return token.match(/.{1,4}/g) ?? [];
}

/** Each group is its own unbreakable span: on a narrow phone the code wraps between groups, never inside one. */
export function tokenBlock(token: string, id?: string): SafeHtml {
  const groups = groupToken(token);
  return html`<p class="token"${id && html` id="${id}"`}>${groups.map((g, i) => html`${i > 0 ? ' ' : ''}<span>${g}</span>`)}</p>`;
}

/** "416,6 kWh", "97,5 m³" from the API's number (already rounded down to a tenth by the programme). */
export function unitsText(a: Pick<Issued, 'credit'>, lang: Lang): string {
  return `${formatNumber(a.credit.units, lang)}${lang === 'fr' ? '\u00a0' : ' '}${unitLabel(a.credit.unit as 'kWh' | 'm3')}`;
}

/** "contrat MJL-88211178, compteur 104146435": which account, for a household with both water and electricity. */
export function accountIds(a: Pick<Issued, 'contract_no' | 'meter_no'>, lang: Lang): string {
  const s = t(lang);
  return [a.contract_no && s.contractWord + a.contract_no, a.meter_no && s.meterWord + a.meter_no].filter(Boolean).join(', ');
}

/** The account, reference, phase and amount: what an agency asks for when someone calls about this credit. */
export function facts(a: Issued, p: Programme, lang: Lang, numero?: string, withCycle = true): SafeHtml {
  const s = t(lang);
  const ids = accountIds(a, lang);
  return html`<dl class="facts">${numero && html`<dt>${s.number}</dt><dd>${numero}</dd>`}
<dt>${s.account}</dt><dd>${s.service[a.service] ?? a.service}${ids && html`, ${ids}`}</dd>
${withCycle && html`<dt>${s.cycle}</dt><dd>${cycleLabel(p, a.cycle, lang)}</dd>`}
<dt>${s.amount}</dt><dd>${formatFcfa(a.credit.fcfa, lang)}</dd>
<dt>${s.reference}</dt><dd>${a.claim_id}</dd></dl>`;
}

export interface IssuedView {
  lang: Lang;
  demo: boolean;
  programme: Programme;
  answer: Issued;
  numero: string;
  /** After the answer: the one-time code form when a phone not on file must prove itself. */
  after?: SafeHtml;
}

export function issuedPage(v: IssuedView): string {
  const { lang, answer: a } = v;
  const s = t(lang);
  const when = a.issued_at ? formatDate(a.issued_at, lang) : null;
  const fcfa = formatFcfa(a.credit.fcfa, lang);
  let title: string;
  let body: SafeHtml;
  if (a.token !== null) {
    const units = unitsText(a, lang);
    title = s.tokenH1;
    body = html`<section class="card ok"><h1>${s.tokenH1}</h1>${a.replayed && html`<p class="big">${s.replayToken(when)}</p>`}
<p>${s.tokenFor(`${units} ${s.serviceOf[a.service] ?? ''}`.trim(), fcfa)}</p>
${tokenBlock(a.token, 'code')}
<h2>${s.stepsH}</h2><ol class="steps">${s.steps(units).map((step) => html`<li>${step}</li>`)}</ol>
<p>${s.keepCode}</p>${facts(a, v.programme, lang, v.numero)}</section>`;
  } else {
    title = s.creditedH1;
    body = html`<section class="card ok"><h1>${s.creditedH1}</h1>${a.replayed && html`<p class="big">${s.replayCredit(when)}</p>`}
<p class="big">${s.credited(fcfa, a.service, accountIds(a, lang))}</p><p>${s.nothingToDo}</p>${facts(a, v.programme, lang, v.numero)}</section>`;
  }
  return page({ lang, title, demo: v.demo, body: html`${body}${v.after}${links(lang)}`, switchHref: href('/', lang === 'fr' ? 'en' : 'fr') });
}

function links(lang: Lang): SafeHtml {
  const s = t(lang);
  // The footer already links "retrouver"; here only the next likely step (someone claiming for a neighbour).
  return html`<p class="links"><a href="${href('/', lang)}">${s.anotherClaim}</a></p>`;
}

/**
 * What the person can do about each refusal; the reason's own sentence (from the programme) comes first. "Come back
 * when the next phase opens" only when that phase's rules would retain them: no false hope.
 */
function nextSteps(a: Refused, p: Programme, lang: Lang): string[] {
  const s = t(lang);
  const next = a.next;
  const comeBack = next?.eligible ? [s.nextCycle(cycleLabel(p, next.cycle.id, lang), opensOn(next.cycle, lang))] : [];
  switch (a.reason) {
    case 'unknown_meter': return s.nextUnknown;
    case 'not_retained': return [next?.eligible ? s.nextNotRetainedLater : s.nextNotRetainedNone, ...comeBack, s.nextNotRetainedAgency];
    case 'cycle_closed': case 'cycle_not_open': case 'unknown_cycle': return comeBack.length ? comeBack : [s.nextAgency];
    case 'budget_exhausted': return [s.nextBudget, ...comeBack];
    default: return [s.nextAgency];
  }
}

export interface RefusedView {
  lang: Lang;
  demo: boolean;
  programme: Programme;
  answer: Refused;
  values: FormValues;
  /** "Contester": the grievance form, after the reason and the retry (the answer comes first). */
  contest?: SafeHtml;
}

export function refusedPage(v: RefusedView): string {
  const { lang, answer: a } = v;
  const s = t(lang);
  const title = s.refusedH1[a.reason] ?? s.refusedDefaultH1;
  // English pages use the programme's English sentence when it has one; French is the reference wording.
  const message = lang === 'en' ? a.message_en : a.message;
  // A number not found is most often a typing slip: offer the form again, filled in, right here.
  const retry = a.reason === 'unknown_meter' && html`<section class="card">${claimForm(lang, { ...EMPTY_FORM, ...v.values }, {}, s.retry)}</section>`;
  const body = html`<section class="card no"><h1>${title}</h1><p class="big">${message}</p>
<h2>${s.nextH}</h2><ul>${nextSteps(a, v.programme, lang).map((x) => html`<li>${x}</li>`)}</ul></section>${retry}${v.contest}${links(lang)}`;
  return page({ lang, title, demo: v.demo, body, switchHref: href('/', lang === 'fr' ? 'en' : 'fr') });
}
