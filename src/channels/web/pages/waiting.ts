/** @module The waiting room page (answer 202 "queued"): place in line, estimated wait, refreshed without JavaScript. */
import { formatNumber } from '../../../programmes/format.js';
import { html } from '../escape.js';
import { t, type Lang } from '../i18n.js';
import { href, page } from '../layout.js';
import type { FormValues } from './form.js';

export interface Queued {
  status: 'queued';
  position: number;
  eta_s: number;
  pass: string;
}

export interface WaitingView {
  lang: Lang;
  demo: boolean;
  queued: Queued;
  values: FormValues;
  /** Where the meta refresh goes (a GET that carries the pass); the route that serves it decides its shape. */
  refreshHref: string;
}

/** Often enough that a place is not lost, seldom enough that a crowd of waiting pages is not a load of its own. */
export function refreshSeconds(etaS: number): number {
  return Math.min(30, Math.max(5, Math.ceil(etaS / 4)));
}

export function waitingPage(v: WaitingView): string {
  const s = t(v.lang);
  const q = v.queued;
  const minutes = Math.max(1, Math.ceil(q.eta_s / 60));
  const refresh = `${refreshSeconds(q.eta_s)}; url=${v.refreshHref}`;
  const body = html`<section class="card" aria-live="polite"><h1>${s.waitTitle}</h1>
<p class="big">${s.waitPlace(formatNumber(q.position, v.lang))}</p>
<p>${s.waitEta(minutes)}</p><p>${s.waitKeep}</p>
<form method="post" action="/demande">${v.lang === 'en' && html`<input type="hidden" name="lang" value="en">`}
<input type="hidden" name="numero" value="${v.values.numero}">
<input type="hidden" name="phone" value="${v.values.phone}">
<input type="hidden" name="pass" value="${q.pass}">
<button type="submit">${s.waitNow}</button></form></section>`;
  return page({
    lang: v.lang,
    title: s.waitTitle,
    demo: v.demo,
    body,
    head: html`<meta http-equiv="refresh" content="${refresh}">`,
    switchHref: href('/', v.lang === 'fr' ? 'en' : 'fr'),
  });
}
