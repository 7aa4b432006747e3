/** @module The grievance forms: "Contester" (POST /reclamation, the category preselected from the refusal) and the lookup by ticket or number (GET). */
import { GRIEVANCE_CATEGORIES, type GrievanceCategory } from '../../../domain/grievance.js';
import { html, type SafeHtml } from '../../../http/html.js';
import { NUMBER_MAX } from '../../../claims/request.js';
import { g } from '../grievance-i18n.js';
import { t, type Lang } from '../i18n.js';

/** What a grievance may hold at most (CONTRACT §10): the textarea says so and the core enforces it. */
export const MESSAGE_MAX = 2000;

/** What the person typed, kept as typed so an error never makes them type it again. */
export interface GrievanceValues {
  numero: string;
  categorie: string;
  message: string;
  phone: string;
}

export type GrievanceErrors = Partial<Record<keyof GrievanceValues, string>>;

export const EMPTY_GRIEVANCE: GrievanceValues = { numero: '', categorie: '', message: '', phone: '' };

const langField = (lang: Lang): SafeHtml => (lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : html``);

function described(name: string, error: string | undefined): SafeHtml {
  return html` aria-describedby="${error ? `${name}-error ` : ''}${name}-hint"${error && html` aria-invalid="true"`}`;
}

function labelled(name: string, label: string, hint: string, error: string | undefined): SafeHtml {
  return html`<label for="${name}">${label}</label>
<span class="hint" id="${name}-hint">${hint}</span>${error && html`
<p class="field-error" id="${name}-error">${error}</p>`}`;
}

/** Radios, one per category, in a fieldset: no JavaScript, the refusal's own category checked. */
function categories(lang: Lang, chosen: string, error: string | undefined, prefix: string): SafeHtml {
  const w = g(lang);
  return html`<fieldset id="${prefix}categorie"${error && html` aria-describedby="${prefix}categorie-error"`}><legend>${w.categoryLegend}</legend>${error && html`
<p class="field-error" id="${prefix}categorie-error">${error}</p>`}
${GRIEVANCE_CATEGORIES.map((c: GrievanceCategory) => html`<label class="choice"><input type="radio" name="categorie" value="${c}"${c === chosen && html` checked`}> ${w.categories[c]}</label>`)}</fieldset>`;
}

/** The list of problems at the top of the form, each linking to its field. */
export function grievanceErrorSummary(lang: Lang, errors: Readonly<Record<string, string | undefined>>): SafeHtml {
  const items = Object.keys(errors).filter((k) => errors[k]);
  if (items.length === 0) return html``;
  return html`<div class="alert" role="alert" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t(lang).errorSummary}</h2>
<ul>${items.map((k) => html`<li><a href="#${k}">${errors[k]}</a></li>`)}</ul></div>`;
}

/**
 * POST /reclamation: the number (prefilled from the refusal), the category, a message, an optional phone. `prefix`
 * keeps the ids unique on a refusal's page, which may already hold the claim form's `numero` and `phone`.
 */
export function grievanceForm(lang: Lang, v: GrievanceValues, errors: GrievanceErrors = {}, submit?: string, prefix = ''): SafeHtml {
  const s = t(lang);
  const w = g(lang);
  const [numero, message, phone] = [`${prefix}numero`, `${prefix}message`, `${prefix}phone`];
  return html`<form method="post" action="/reclamation" novalidate>${langField(lang)}
${labelled(numero, s.numeroLabel, s.numeroHint, errors.numero)}
<input type="text" id="${numero}" name="numero" value="${v.numero}" maxlength="${NUMBER_MAX}" autocomplete="off" autocapitalize="characters" spellcheck="false"${described(numero, errors.numero)}>
${categories(lang, v.categorie, errors.categorie, prefix)}
${labelled(message, w.messageLabel, w.messageHint, errors.message)}
<textarea id="${message}" name="message" rows="5" maxlength="${MESSAGE_MAX}"${described(message, errors.message)}>${v.message}</textarea>
${labelled(phone, s.phoneLabel, w.phoneHint, errors.phone)}
<input type="tel" id="${phone}" name="phone" value="${v.phone}" maxlength="24" autocomplete="tel"${described(phone, errors.phone)}>
<button type="submit">${submit ?? w.newSubmit}</button></form>`;
}

/** GET /reclamation?q=: a lookup changes nothing, so it is a GET (bookmarkable, reloadable). */
export function grievanceLookupForm(lang: Lang, q: string, error?: string): SafeHtml {
  const w = g(lang);
  return html`<form method="get" action="/reclamation" novalidate>${langField(lang)}
${labelled('q', w.lookupLabel, w.lookupHint, error)}
<input type="text" id="q" name="q" value="${q}" maxlength="64" autocomplete="off" autocapitalize="characters" spellcheck="false"${described('q', error)}>
<button type="submit">${w.lookupSubmit}</button></form>`;
}
