/** @module The one failure a subscriber may see: the store could not commit, nothing was recorded, try again (503). */
import { html } from '../../../http/html.js';
import { t, type Lang } from '../i18n.js';
import { href, page } from '../layout.js';
import { claimForm, type FormValues } from './form.js';

export function unavailablePage(lang: Lang, demo: boolean, values: FormValues): string {
  const s = t(lang);
  const body = html`<section class="card no" role="alert"><h1>${s.downTitle}</h1><p class="big">${s.downText}</p></section>
<section class="card">${claimForm(lang, values, {}, s.retry)}</section>`;
  return page({ lang, title: s.downTitle, demo, body, switchHref: href('/', lang === 'fr' ? 'en' : 'fr') });
}
