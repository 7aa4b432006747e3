/** @module The claim and lookup forms: labelled fields, errors tied to their field, values kept after an error. */
import { html, type SafeHtml } from '../../../http/html.js';
import { t, type Lang } from '../i18n.js';
import { NUMBER_MAX as NUMERO_MAX } from '../../../claims/request.js';

/** What the person typed, kept as typed so an error never makes them type it again. */
export interface FormValues {
  numero: string;
  phone: string;
}

export type FormErrors = Partial<Record<keyof FormValues, string>>;

export const EMPTY_FORM: FormValues = { numero: '', phone: '' };

interface FieldSpec {
  name: keyof FormValues;
  type: 'text' | 'tel';
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
  autocomplete: string;
  maxlength: number;
}

/** The hint and the error are announced with the field (`aria-describedby`); the error comes first, it matters more. */
function field(f: FieldSpec): SafeHtml {
  const hintId = `${f.name}-hint`;
  const errId = `${f.name}-error`;
  const describedBy = f.error ? `${errId} ${hintId}` : hintId;
  return html`<label for="${f.name}">${f.label}</label>
<span class="hint" id="${hintId}">${f.hint}</span>${f.error && html`
<p class="field-error" id="${errId}">${f.error}</p>`}
<input type="${f.type}" id="${f.name}" name="${f.name}" value="${f.value}" maxlength="${f.maxlength}" autocomplete="${f.autocomplete}"${f.type === 'text' && html` autocapitalize="characters" spellcheck="false"`} aria-describedby="${describedBy}"${f.error && html` aria-invalid="true"`}>`;
}

/** The list of problems at the top of the form, each linking to its field; `role="alert"` has it read out at once. */
export function errorSummary(lang: Lang, errors: FormErrors): SafeHtml {
  const items = (Object.keys(errors) as (keyof FormValues)[]).filter((k) => errors[k]);
  if (items.length === 0) return html``;
  return html`<div class="alert" role="alert" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${t(lang).errorSummary}</h2>
<ul>${items.map((k) => html`<li><a href="#${k}">${errors[k]}</a></li>`)}</ul></div>`;
}

function langField(lang: Lang): SafeHtml {
  return lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : html``;
}

/** POST /demande: one number (meter or contract, the server tells which) and an optional phone. */
export function claimForm(lang: Lang, v: FormValues, errors: FormErrors = {}, submitLabel?: string): SafeHtml {
  const s = t(lang);
  return html`<form method="post" action="/demande" novalidate>${langField(lang)}
${field({ name: 'numero', type: 'text', label: s.numeroLabel, hint: s.numeroHint, value: v.numero, error: errors.numero, autocomplete: 'off', maxlength: NUMERO_MAX })}
${field({ name: 'phone', type: 'tel', label: s.phoneLabel, hint: s.phoneHint, value: v.phone, error: errors.phone, autocomplete: 'tel', maxlength: 24 })}
<button type="submit">${submitLabel ?? s.submit}</button></form>`;
}

/** GET /retrouver: a lookup changes nothing, so it is a GET (and can be bookmarked or reloaded safely). */
export function lookupForm(lang: Lang, numero: string, error?: string): SafeHtml {
  const s = t(lang);
  return html`<form method="get" action="/retrouver" novalidate>${langField(lang)}
${field({ name: 'numero', type: 'text', label: s.numeroLabel, hint: s.numeroHint, value: numero, error, autocomplete: 'off', maxlength: NUMERO_MAX })}
<button type="submit">${s.findSubmit}</button></form>`;
}
