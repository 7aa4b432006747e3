/** @module The landing page: what the relief is, the one-number form, and in demo mode numbers to try. */
import type { Programme } from '../../../domain/programme.js';
import { html, type SafeHtml } from '../../../http/html.js';
import { t, type Lang } from '../i18n.js';
import { g } from '../grievance-i18n.js';
import { href, page } from '../layout.js';
import { claimForm, errorSummary, type FormErrors, type FormValues } from './form.js';
import { programmeDetails, programmeLead } from './cycles.js';

export interface DemoSamples {
  prepaid: string[];
  postpaid: string[];
  water: string[];
  not_retained: string[];
}

export interface HomeView {
  lang: Lang;
  programme: Programme;
  samples: DemoSamples | null;
  values: FormValues;
  errors?: FormErrors;
}

/** Each sample is a link that puts the number in the form: no JavaScript, and the person still presses the button. */
function samplesCard(lang: Lang, samples: DemoSamples): SafeHtml {
  const s = t(lang);
  const kinds = ['prepaid', 'postpaid', 'water', 'not_retained'] as const;
  return html`<section class="card samples" aria-labelledby="samples-title"><h2 id="samples-title">${s.samplesH}</h2><p class="hint">${s.samplesHint}</p>
<dl>${kinds.filter((k) => samples[k].length > 0).map((k) => html`<dt>${s.sampleKinds[k]}</dt><dd>${samples[k].slice(0, 3).map((n) =>
    html`<a href="${href('/', lang, { numero: n })}#numero">${n}</a> `)}</dd>`)}</dl></section>`;
}

export function homePage(v: HomeView): string {
  const s = t(v.lang);
  const errors = v.errors ?? {};
  const hasErrors = Object.values(errors).some(Boolean);
  const body = html`<h1>${s.homeH1}</h1>
<section class="card">${programmeLead(v.programme, v.lang)}${errorSummary(v.lang, errors)}${claimForm(v.lang, v.values, errors)}
<p><a href="${href('/retrouver', v.lang)}">${s.alreadyAsked}</a></p>
<p><a href="${href('/reclamation', v.lang)}">${g(v.lang).homeLink}</a></p></section>
${v.samples && samplesCard(v.lang, v.samples)}
<section class="card">${programmeDetails(v.programme, v.lang)}</section>`;
  return page({
    lang: v.lang,
    title: hasErrors ? s.errorTitle(s.homeTitle) : s.homeTitle,
    demo: v.samples !== null,
    body,
    switchHref: href('/', v.lang === 'fr' ? 'en' : 'fr', { numero: v.values.numero }),
  });
}
