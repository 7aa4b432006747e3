/** @module The one-time code form (a phone not on file proves itself before it gets the credit's SMS) and its outcome. */
import { html, type SafeHtml } from '../../../http/html.js';
import type { Proof } from '../../sms/otp.js';
import { t, type Lang } from '../i18n.js';
import { href, page } from '../layout.js';

export function verifyForm(lang: Lang, numero: string, phone: string, sent: 'sent' | 'limited', error?: string): SafeHtml {
  const s = t(lang);
  if (sent === 'limited') return html`<section class="card"><p>${s.otpLimited}</p></section>`;
  return html`<section class="card" aria-labelledby="otp-title"><h2 id="otp-title">${s.otpTitle}</h2><p>${s.otpSent(phone)}</p>
<form method="post" action="/verification">${lang === 'en' && html`<input type="hidden" name="lang" value="en">`}
<input type="hidden" name="numero" value="${numero}"><input type="hidden" name="phone" value="${phone}">
<label for="code">${s.otpLabel}</label>${error && html`<p class="field-error" id="code-error">${error}</p>`}
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"${error && html` aria-invalid="true" aria-describedby="code-error"`}>
<button type="submit">${s.otpSubmit}</button></form></section>`;
}

export function verifyResultPage(lang: Lang, demo: boolean, numero: string, phone: string, r: Proof): string {
  const s = t(lang);
  const ok = r === 'verified';
  const body = ok
    ? html`<section class="card ok"><h1>${s.otpOkTitle}</h1><p class="big">${s.otpOk(phone)}</p></section>`
    : r === 'wrong' ? verifyForm(lang, numero, phone, 'sent', s.otpWrong)
    : html`<section class="card no"><h1>${s.otpNoTitle}</h1><p class="big">${s.otpNo[r]}</p><p><a href="${href('/', lang, { numero })}">${s.retry}</a></p></section>`;
  return page({ lang, title: ok ? s.otpOkTitle : s.otpTitle, demo, body, switchHref: href('/', lang === 'fr' ? 'en' : 'fr') });
}
