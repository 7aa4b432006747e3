/** @module The page frame: head, inline CSS, header with the DÉMO banner, footer; and the security headers that go with it. */
import { createHash } from 'node:crypto';
import { html, trusted, type SafeHtml } from '../../http/html.js';
import { t, type Lang } from './i18n.js';
import { g } from './grievance-i18n.js';

/**
 * One stylesheet, inline: no extra request on a congested 3G network, no third-party asset. Written for a 360 px
 * phone first (system fonts, 1.125rem text, 3rem touch targets), widened by a single media query.
 */
const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1.125rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;background:#f3f4f6}
a{color:#0a4a85;text-underline-offset:.15em}
a:hover{color:#062d52}
:focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 6px #ffd400}
.demo{margin:0;padding:.5rem 1rem;background:#ffd400;color:#111;font-weight:700;border-bottom:3px solid #111}
header{display:flex;align-items:center;justify-content:space-between;gap:.5rem;padding:.5rem 1rem;background:#0a4a85;color:#fff}
header a{color:#fff}
.brand{display:flex;align-items:center;gap:.5rem;font-weight:700;font-size:1.25rem;text-decoration:none}
.lang{display:inline-block;padding:.5rem .25rem;min-height:3rem;line-height:2rem}
main{max-width:40rem;margin:0 auto;padding:1rem}
.card{background:#fff;border:1px solid #c9ced6;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.25rem;margin:1.25rem 0 .5rem}
p,ul,ol,dl{margin:0 0 .75rem}
label{display:block;font-weight:700;margin:1rem 0 .25rem}
.hint{display:block;color:#3d4450;font-size:1rem;margin:0 0 .5rem}
input[type=text],input[type=tel]{display:block;width:100%;min-height:3rem;padding:.5rem .75rem;font:inherit;font-size:1.25rem;color:#111;background:#fff;border:2px solid #111;border-radius:.25rem}
input[aria-invalid=true]{border-color:#b3001b;border-width:3px}
.field-error{color:#b3001b;font-weight:700;margin:.25rem 0}
.alert{border:3px solid #b3001b;background:#fff;padding:.75rem 1rem;margin:0 0 1rem}
.alert h2{margin-top:0;color:#b3001b}
button{display:block;width:100%;min-height:3.25rem;margin:1.25rem 0 .5rem;padding:.75rem 1rem;font:inherit;font-weight:700;color:#fff;background:#0b6e2e;border:0;border-bottom:3px solid #063d19;border-radius:.25rem;cursor:pointer}
button:hover{background:#095a25}
.token{display:flex;flex-wrap:wrap;justify-content:center;gap:.25rem .75rem;font:700 1.75rem/1.3 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;letter-spacing:.04em;margin:.5rem 0 1rem;padding:.75rem .25rem;background:#eef6ff;border:2px solid #0a4a85;border-radius:.25rem}
.token span{white-space:nowrap}
.ok{border-left:.5rem solid #0b6e2e}
.no{border-left:.5rem solid #b3001b}
.big{font-size:1.35rem;font-weight:700}
ol.steps{padding-left:1.5rem}
ol.steps li{margin:0 0 .5rem}
dl.facts dt{color:#3d4450}
dl.facts dd{margin:0 0 .5rem;font-weight:700;overflow-wrap:break-word}
.samples dt{font-weight:700;margin-top:.5rem}
.samples dd{margin:0}
.samples a{display:inline-block;min-height:2.75rem;line-height:2.75rem;padding:0 .25rem;margin-right:.5rem;font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace}
.lead{margin-bottom:0}
form>label:first-of-type{margin-top:1.25rem}
.links a{display:inline-block;min-height:3rem;line-height:3rem;margin-right:1rem}
footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem;font-size:1rem;color:#3d4450}
h3{font-size:1.1rem;margin:1rem 0 .25rem}
textarea{display:block;width:100%;padding:.5rem .75rem;font:inherit;color:#111;background:#fff;border:2px solid #111;border-radius:.25rem}
textarea[aria-invalid=true]{border-color:#b3001b;border-width:3px}
fieldset{border:0;padding:0;margin:1rem 0 0}
legend{font-weight:700;padding:0;margin:0 0 .25rem}
label.choice{display:flex;align-items:center;gap:.5rem;font-weight:400;margin:0;min-height:3rem}
label.choice input{width:1.5rem;height:1.5rem;flex:none}
.quote{white-space:pre-wrap;overflow-wrap:anywhere;border-left:.25rem solid #c9ced6;padding-left:.75rem}
.card>:first-child{margin-top:0}
@media (min-width:40rem){main{padding:2rem 1rem}h1{font-size:2rem}.token{font-size:2.25rem}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dd{margin:0}}
`.replace(/\n/g, '');

const STYLE_HASH = createHash('sha256').update(CSS).digest('base64');

/**
 * Nothing may run and nothing may load from elsewhere; the one stylesheet is allowed by its hash, so even an
 * injected `<style>` or `style=` would be ignored. Computed once, sent on every page.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** A lightning bolt and a drop: electricity and water, drawn inline (no image request), hidden from screen readers. */
const LOGO = trusted(
  '<svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" focusable="false">' +
    '<rect width="32" height="32" rx="6" fill="#fff"/>' +
    '<path d="M13 3 5 18h6l-2 11 9-16h-6l3-10z" fill="#f2b705" stroke="#111" stroke-width="1"/>' +
    '<path d="M24 12c3 4 4 6 4 8a4 4 0 0 1-8 0c0-2 1-4 4-8z" fill="#1b75bc" stroke="#111" stroke-width="1"/></svg>',
);

/** `/path?x=1&lang=en`: every link carries the language, French needs none. */
export function href(path: string, lang: Lang, params: Record<string, string | null | undefined> = {}): string {
  const q: string[] = [];
  for (const [k, v] of Object.entries(params)) if (v) q.push(`${k}=${encodeURIComponent(v)}`);
  if (lang === 'en') q.push('lang=en');
  return q.length ? `${path}?${q.join('&')}` : path;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  /** True in demo mode: the DÉMO banner is on every page, never optional per page. */
  demo: boolean;
  body: SafeHtml;
  /** The same page in the other language. */
  switchHref: string;
  /** Extra head elements (the waiting room's meta refresh). */
  head?: SafeHtml;
}

export function page(o: PageOptions): string {
  const s = t(o.lang);
  const other: Lang = o.lang === 'fr' ? 'en' : 'fr';
  return '<!doctype html>' + html`<html lang="${o.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.demo ? '[DÉMO] ' : ''}${o.title} · ${s.brand}</title>
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">${o.head}
<style>${trusted(CSS)}</style></head>
<body>${o.demo && html`<p class="demo" role="note">${s.demoBanner}</p>`}
<header><a class="brand" href="${href('/', o.lang)}">${LOGO}<span>${s.brand}</span></a>
<a class="lang" href="${o.switchHref}" lang="${other}" hreflang="${other}">${s.otherLang}</a></header>
<main>${o.body}</main>
<footer><p class="links"><a href="${href('/', o.lang)}">${s.navClaim}</a> <a href="${href('/retrouver', o.lang)}">${s.navFind}</a> <a href="${href('/reclamation', o.lang)}">${g(o.lang).navGrievance}</a></p>
<p>${s.footer}</p></footer>
</body></html>`.value;
}
