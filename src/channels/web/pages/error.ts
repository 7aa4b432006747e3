/** @module The page a browser gets instead of a JSON error (a mistyped address, too many requests, a fault): plain words and a way back. */
import type { ErrorId } from '../../../http/errors.js';
import { ERRORS } from '../../../http/errors.js';
import { html } from '../../../http/html.js';
import { pickLang, t } from '../i18n.js';
import { href, page } from '../layout.js';

export function errorPage(id: ErrorId, lang: string | undefined, demo: boolean): { status: number; html: string } {
  const l = pickLang(lang);
  const e = ERRORS[id];
  const s = t(l);
  const title = id === 'not_found' ? s.notFoundTitle : e.status >= 500 ? s.downTitle : s.refusedDefaultH1;
  const body = html`<section class="card no"><h1>${title}</h1><p class="big">${l === 'en' ? e.en : e.fr}</p>
<p class="links"><a href="${href('/', l)}">${s.navClaim}</a> <a href="${href('/retrouver', l)}">${s.navFind}</a></p></section>`;
  return { status: e.status, html: page({ lang: l, title, demo, body, switchHref: href('/', l === 'fr' ? 'en' : 'fr') }) };
}
