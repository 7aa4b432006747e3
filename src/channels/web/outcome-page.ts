/** @module The web channel's adapter: a claim's outcome as a page (status code, HTML, headers). */
import type { ClaimOutcome, FieldError } from '../../claims/outcome.js';
import type { Programme } from '../../domain/programme.js';
import type { SafeHtml } from '../../http/html.js';
import type { Lang } from './i18n.js';
import { href } from './layout.js';
import { issuedPage, refusedPage } from './pages/answer.js';
import type { FormErrors, FormValues } from './pages/form.js';
import { homePage, type DemoSamples } from './pages/home.js';
import { unavailablePage } from './pages/unavailable.js';
import { waitingPage } from './pages/waiting.js';
import { issuedView } from './views.js';
import { contestCard } from './pages/grievance.js';

export interface PageAnswer {
  status: number;
  html: string;
  headers?: Record<string, string>;
}

export interface PageContext {
  lang: Lang;
  demo: boolean;
  programme: Programme;
  samples: DemoSamples | null;
  values: FormValues;
  /** Offer "Contester" under a refusal that a grievance can change (the web page; not the waiting room's replay). */
  contest?: boolean;
}

/** Which refusals can be contested, and as what: the registry or a rule may be wrong; a closed phase or a spent budget cannot be argued. */
const CONTESTED: Partial<Record<string, string>> = {
  unknown_meter: 'unknown_meter', not_retained: 'not_retained', service_not_covered: 'other', meter_needs_key_change: 'other', no_code_left: 'other',
};

/** Field errors on the page's two fields, in its language. */
export function formErrors(errors: readonly FieldError[], lang: Lang): FormErrors {
  const out: FormErrors = {};
  for (const e of errors) {
    const key = e.field === 'phone' ? 'phone' : 'numero';
    out[key] ??= lang === 'en' && e.message_en ? e.message_en : e.message;
  }
  return out;
}

export function outcomePage(o: ClaimOutcome, c: PageContext, after?: SafeHtml): PageAnswer {
  const { lang, demo, programme, values } = c;
  switch (o.kind) {
    case 'issued':
      return { status: 200, html: issuedPage({ lang, demo, programme, answer: issuedView(o.credit, o.subscriber, o.replayed), numero: values.numero.trim(), after }) };
    // A refusal is a normal answer to a person, so the page itself is a 200.
    case 'ineligible': {
      const categorie = c.contest ? CONTESTED[o.reason] : undefined;
      const contest = categorie ? contestCard(lang, { numero: values.numero.trim(), categorie, message: '', phone: values.phone }) : undefined;
      return { status: 200, html: refusedPage({ lang, demo, programme, values, contest, answer: { reason: o.reason, message: o.message.fr, message_en: o.message.en, next: o.next } }) };
    }
    case 'invalid':
      return { status: 400, html: homePage({ lang, programme, samples: c.samples, values, errors: formErrors(o.errors, lang) }) };
    case 'queued': {
      // The page refreshes itself to /attente, a GET that shows the place and never issues anything; the phone stays
      // out of that address (it is in this page's form only).
      const due = String(Math.floor(Date.now() / 1000) + o.retry_after_s);
      const refreshHref = href('/attente', lang, { numero: values.numero, pass: o.pass, due });
      return { status: 202, html: waitingPage({ lang, demo, queued: o, values, refreshHref }), headers: { 'retry-after': String(o.retry_after_s) } };
    }
    case 'unavailable':
      return { status: 503, html: unavailablePage(lang, demo, values), headers: { 'retry-after': String(o.retry_after_s) } };
  }
}

