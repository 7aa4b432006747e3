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
}

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
    case 'ineligible':
      return { status: 200, html: refusedPage({ lang, demo, programme, values, answer: { reason: o.reason, message: o.message.fr, message_en: o.message.en, next: o.next } }) };
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

