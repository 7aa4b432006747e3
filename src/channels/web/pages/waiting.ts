/**
 * @module The waiting room's pages: the place in line and the estimated wait (answer 202), refreshed without
 * JavaScript to /attente, which shows the wait and, once the place is due, a button that claims. A page that
 * refreshes itself must never issue a credit by itself: only the button (a POST) does.
 */
import { formatNumber } from '../../../programmes/format.js';
import { html } from '../../../http/html.js';
import { t, type Lang } from '../i18n.js';
import { href, page } from '../layout.js';
import type { FormValues } from './form.js';

export interface Queued {
  position: number;
  eta_s: number;
  retry_after_s: number;
  pass: string;
}

export interface WaitingView {
  lang: Lang;
  demo: boolean;
  queued: Queued;
  values: FormValues;
  /** Where the meta refresh goes: /attente with the number and the pass, never the phone. */
  refreshHref: string;
}

/** Often enough that a place is not lost, seldom enough that a crowd of waiting pages is not a load of its own. */
export function refreshSeconds(etaS: number): number {
  return Math.min(30, Math.max(5, Math.ceil(etaS / 4)));
}

function claimButton(lang: Lang, values: FormValues, pass: string, label: string) {
  return html`<form method="post" action="/demande">${lang === 'en' && html`<input type="hidden" name="lang" value="en">`}
<input type="hidden" name="numero" value="${values.numero}">
<input type="hidden" name="phone" value="${values.phone}">
<input type="hidden" name="pass" value="${pass}">
<button type="submit">${label}</button></form>`;
}

export function waitingPage(v: WaitingView): string {
  const s = t(v.lang);
  const q = v.queued;
  const minutes = Math.max(1, Math.ceil(q.eta_s / 60));
  const refresh = `${Math.min(refreshSeconds(q.eta_s), Math.max(1, q.retry_after_s))}; url=${v.refreshHref}`;
  const body = html`<section class="card" aria-live="polite"><h1>${s.waitTitle}</h1>
<p class="big">${s.waitPlace(formatNumber(q.position, v.lang))}</p>
<p>${s.waitEta(minutes)}</p><p>${s.waitKeep}</p>
${claimButton(v.lang, v.values, q.pass, s.waitNow)}</section>`;
  return page({ lang: v.lang, title: s.waitTitle, demo: v.demo, body, head: html`<meta http-equiv="refresh" content="${refresh}">`, switchHref: href('/', v.lang === 'fr' ? 'en' : 'fr') });
}

export interface AttenteView {
  lang: Lang;
  demo: boolean;
  numero: string;
  pass: string;
  /** Seconds until the place is due (0 or less: due now). */
  dueInS: number;
}

/** GET /attente: still waiting (the page refreshes itself until due), or "your turn" with the button that claims. */
export function attentePage(v: AttenteView): string {
  const s = t(v.lang);
  const values = { numero: v.numero, phone: '' };
  if (v.dueInS > 0) {
    const self = href('/attente', v.lang, { numero: v.numero, pass: v.pass, due: String(Math.floor(Date.now() / 1000) + v.dueInS) });
    const body = html`<section class="card" aria-live="polite"><h1>${s.waitTitle}</h1><p class="big">${s.waitSoon(Math.ceil(v.dueInS))}</p><p>${s.waitKeep}</p>
${claimButton(v.lang, values, v.pass, s.waitNow)}</section>`;
    return page({ lang: v.lang, title: s.waitTitle, demo: v.demo, body, head: html`<meta http-equiv="refresh" content="${Math.min(30, Math.ceil(v.dueInS))}; url=${self}">`, switchHref: self });
  }
  const body = html`<section class="card ok" aria-live="polite"><h1>${s.turnTitle}</h1><p class="big">${s.turnText}</p>
<form method="post" action="/demande">${v.lang === 'en' && html`<input type="hidden" name="lang" value="en">`}
<input type="hidden" name="numero" value="${v.numero}"><input type="hidden" name="pass" value="${v.pass}">
<label for="phone">${s.phoneLabel}</label><span class="hint" id="phone-hint">${s.phoneHint}</span>
<input type="tel" id="phone" name="phone" value="" maxlength="24" autocomplete="tel" aria-describedby="phone-hint">
<button type="submit">${s.turnButton}</button></form></section>`;
  return page({ lang: v.lang, title: s.turnTitle, demo: v.demo, body, switchHref: href('/attente', v.lang === 'fr' ? 'en' : 'fr', { numero: v.numero, pass: v.pass }) });
}
