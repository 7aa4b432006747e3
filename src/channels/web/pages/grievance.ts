/**
 * @module The grievance pages: the ticket just raised (ticket first), a ticket's status and decision, the lookup by
 * ticket or number, the ticket not found. Everything the subscriber or the decider typed is escaped by `html`.
 */
import type { Grievance } from '../../../domain/grievance.js';
import { formatDate } from '../../../programmes/format.js';
import { html, type SafeHtml } from '../../../http/html.js';
import { g } from '../grievance-i18n.js';
import { t, type Lang } from '../i18n.js';
import { href, page } from '../layout.js';
import { grievanceErrorSummary, grievanceForm, grievanceLookupForm, type GrievanceErrors, type GrievanceValues } from './grievance-form.js';

const other = (lang: Lang): Lang => (lang === 'fr' ? 'en' : 'fr');
export const ticketHref = (ticket: string, lang: Lang): string => href(`/reclamation/${encodeURIComponent(ticket)}`, lang);

function facts(x: Grievance, lang: Lang): SafeHtml {
  const w = g(lang);
  return html`<dl class="facts"><dt>${w.ticketWord}</dt><dd>${x.ticket}</dd>
<dt>${w.category}</dt><dd>${w.categoryShort[x.category]}</dd>
<dt>${w.number}</dt><dd>${x.number}</dd>
<dt>${w.raisedOn}</dt><dd>${formatDate(x.created_at, lang)}</dd>
<dt>${w.statusWord}</dt><dd>${w.status[x.status]}</dd></dl>`;
}

export interface RaisedView {
  lang: Lang;
  demo: boolean;
  grievance: Grievance;
  /** False when the subscriber already had one open for this category and cycle: that one is shown. */
  fresh: boolean;
  /** The message as typed on this form (shown back only to the person who just sent it). */
  message: string;
}

/** The answer to POST /reclamation: the ticket is the first thing read, then what happens next. */
export function raisedPage(v: RaisedView): string {
  const { lang, grievance: x } = v;
  const w = g(lang);
  const title = v.fresh ? w.raisedH(x.ticket) : w.existingH(x.ticket);
  const body = html`<section class="card ok"><h1>${title}</h1>
${v.fresh ? html`<p class="big">${w.raisedKeep}</p>` : html`<p class="big">${w.existingText}</p>`}
<p>${w.dueBy(formatDate(x.due_at, lang))}${x.phone && html` ${w.smsFollows(x.phone)}`}</p>
${facts(x, lang)}${v.fresh && v.message.trim() !== '' && html`<h2>${w.yourMessage}</h2><p class="quote">${v.message}</p>`}
<p class="links"><a href="${ticketHref(x.ticket, lang)}">${w.follow}</a></p></section>`;
  return page({ lang, title, demo: v.demo, body, switchHref: ticketHref(x.ticket, other(lang)) });
}

/** GET /reclamation/<ticket>: the state, and once decided the decision and the decider's words, in plain language. */
export function statusPage(lang: Lang, demo: boolean, x: Grievance): string {
  const w = g(lang);
  const title = w.statusH(x.ticket);
  const decided = x.decision !== null;
  const remedy = x.decision === 'accepted' && x.remedy ? w.remedy[x.remedy.kind] : '';
  const claim = x.decision === 'accepted' && x.remedy?.kind === 'exception'
    && html`<p class="links"><a href="${href('/', lang, { numero: x.number })}#numero">${w.claimNow}</a></p>`;
  const decision = decided
    ? html`<h2>${w.decisionH}</h2><p class="big">${w.status[x.status]}</p>${x.reason && html`<h3>${w.reasonWord}</h3><p class="quote">${x.reason}</p>`}${remedy && html`<p>${remedy}</p>`}${claim}`
    : html`<p class="big">${w.status[x.status]}</p><p>${w.undecided} ${w.dueBy(formatDate(x.due_at, lang))}</p>`;
  const body = html`<section class="card ${x.status === 'accepted' ? 'ok' : x.status === 'rejected' ? 'no' : ''}"><h1>${title}</h1>${decision}${facts(x, lang)}</section>
<section class="card"><h2>${w.lookupH}</h2>${grievanceLookupForm(lang, '')}</section>`;
  return page({ lang, title, demo, body, switchHref: ticketHref(x.ticket, other(lang)) });
}

/** 404: a ticket malformed (its check character wrong) or unknown; the lookup form to try again. */
export function ticketNotFoundPage(lang: Lang, demo: boolean, typed: string): string {
  const w = g(lang);
  const body = html`<section class="card no"><h1>${w.notFoundH}</h1><p class="big">${w.notFoundText}</p></section>
<section class="card">${grievanceLookupForm(lang, typed)}</section>`;
  return page({ lang, title: w.notFoundH, demo, body, switchHref: href('/reclamation', other(lang)) });
}

export type GrievanceLookup =
  | { kind: 'none' }
  | { kind: 'invalid'; error: string }
  | { kind: 'number'; number: string; found: Grievance[] };

export interface GrievanceHomeView {
  lang: Lang;
  demo: boolean;
  q: string;
  lookup: GrievanceLookup;
  values: GrievanceValues;
  errors?: GrievanceErrors;
  /** The store was away: nothing recorded, the form kept. */
  down?: boolean;
}

function lookupResult(lang: Lang, l: GrievanceLookup): SafeHtml {
  const w = g(lang);
  if (l.kind !== 'number') return html``;
  const head = html`<h2 id="result-title">${w.lookupResultH(l.number)}</h2>`;
  if (l.found.length === 0) return html`<section class="card" aria-labelledby="result-title">${head}<p>${w.lookupNone}</p></section>`;
  return html`<section class="card" aria-labelledby="result-title">${head}<ul>${l.found.map((x) =>
    html`<li><a href="${ticketHref(x.ticket, lang)}">${x.ticket}</a>${' '}: ${w.categoryShort[x.category]}, ${w.status[x.status].toLowerCase()} (${formatDate(x.created_at, lang)})</li>`)}</ul></section>`;
}

/**
 * GET /reclamation (and POST with an error): the answer first when there is one (lookup results, the store away),
 * then "follow a grievance" and "raise a grievance".
 */
export function grievanceHomePage(v: GrievanceHomeView): string {
  const { lang } = v;
  const w = g(lang);
  const s = t(lang);
  const errors = v.errors ?? {};
  const hasErrors = Object.values(errors).some(Boolean) || v.lookup.kind === 'invalid';
  const lookupError = v.lookup.kind === 'invalid' ? v.lookup.error : undefined;
  const lookup = html`<section class="card"><h2>${w.lookupH}</h2>${lookupError && grievanceErrorSummary(lang, { q: lookupError })}${grievanceLookupForm(lang, v.q, lookupError)}</section>`;
  const raise = html`<section class="card" id="nouvelle"><h2>${w.newH}</h2><p>${w.newIntro}</p>${grievanceErrorSummary(lang, errors)}${grievanceForm(lang, v.values, errors)}</section>`;
  const down = v.down && html`<section class="card no" role="alert"><h2>${s.downTitle}</h2><p class="big">${w.downText}</p></section>`;
  // An error in the raise form puts that form before the lookup, so the person sees what to correct first.
  const sections = Object.values(errors).some(Boolean) || v.down ? html`${down}${raise}${lookup}` : html`${lookupResult(lang, v.lookup)}${lookup}${raise}`;
  const body = html`<h1>${w.title}</h1>${sections}`;
  return page({ lang, title: hasErrors ? s.errorTitle(w.title) : w.title, demo: v.demo, body, switchHref: href('/reclamation', other(lang), { q: v.q || undefined }) });
}

/** The "Contester" card under a refusal: the grievance form with the number and the category already filled in. */
export function contestCard(lang: Lang, values: GrievanceValues): SafeHtml {
  const w = g(lang);
  return html`<section class="card" id="contester" aria-labelledby="contest-title"><h2 id="contest-title">${w.contestH}</h2><p>${w.contestIntro}</p>
${grievanceForm(lang, values, {}, w.contestSubmit, 'g-')}</section>`;
}
