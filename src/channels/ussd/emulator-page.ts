/** @module The demo's USSD emulator as a page: a basic phone, its screen and keypad, every key a form button (no JavaScript). */
import { createHash } from 'node:crypto';
import { html, trusted, type SafeHtml } from '../../http/html.js';

export type PageLang = 'fr' | 'en';

export interface PhoneState {
  lang: PageLang;
  /** idle: nothing dialled yet; open: a `CON` screen awaits a reply; ended: an `END` screen (or an error) to dismiss. */
  mode: 'idle' | 'open' | 'ended';
  /** The service's screen, without its `CON `/`END ` prefix. */
  screen: string;
  dial: string;
  phone: string;
  session: string;
  text: string;
  n: number;
  reply: string;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;background:#e5e7eb}
.demo{margin:0;padding:.5rem 1rem;background:#ffd400;font-weight:700;border-bottom:3px solid #111}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.25rem 0 .5rem}
.phone{width:18rem;margin:1rem auto;padding:1.25rem 1rem 1.5rem;background:#1f2937;border-radius:2rem 2rem 2.5rem 2.5rem;border:3px solid #111}
.screen{min-height:13rem;margin:0 0 .75rem;padding:.6rem;background:#c7d9b7;color:#102010;border:4px solid #0b1220;border-radius:.4rem;font:.9rem/1.3 ui-monospace,"DejaVu Sans Mono",Menlo,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
label{display:block;color:#fff;font-weight:700;margin:.4rem 0 .2rem}
input[type=text],input[type=tel]{display:block;width:100%;min-height:2.75rem;padding:.4rem .6rem;font:1.1rem ui-monospace,monospace;border:2px solid #111;border-radius:.3rem}
.row{display:flex;gap:.5rem;margin:.6rem 0}
.row button{flex:1}
button{min-height:2.75rem;font:inherit;font-weight:700;border:0;border-radius:.4rem;cursor:pointer}
.call{background:#16a34a;color:#fff}
.hang{background:#dc2626;color:#fff}
.keys{display:grid;grid-template-columns:repeat(3,1fr);gap:.45rem;margin-top:.6rem}
.keys button{background:#f3f4f6;color:#111;font-size:1.2rem}
:focus-visible{outline:3px solid #ffd400;outline-offset:2px}
`.replace(/\n/g, '');

const STYLE_HASH = createHash('sha256').update(CSS).digest('base64');

export const EMULATOR_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const WORDS = {
  fr: {
    title: 'Téléphone USSD (démo)', banner: 'DÉMO\u00a0: numéros et codes fictifs, aucun crédit réel.',
    intro: 'Un téléphone simple, sans internet\u00a0: composez le code du service comme sur un vrai téléphone. Chaque touche envoie votre saisie au service USSD, comme le ferait l’opérateur.',
    dial: 'Code à composer', phone: 'Votre numéro de téléphone', call: 'Appeler', reply: 'Votre réponse', send: 'Envoyer', hangup: 'Raccrocher',
    ok: 'OK', idle: 'Composez le code du service, puis Appeler.', other: 'English', otherHref: '/demo/ussd?lang=en',
  },
  en: {
    title: 'USSD phone (demo)', banner: 'DEMO: made-up numbers and codes, no real credit.',
    intro: 'A basic phone without internet: dial the service code as on a real phone. Each key sends what you typed to the USSD service, as the operator would.',
    dial: 'Code to dial', phone: 'Your phone number', call: 'Call', reply: 'Your reply', send: 'Send', hangup: 'Hang up',
    ok: 'OK', idle: 'Dial the service code, then Call.', other: 'Français', otherHref: '/demo/ussd',
  },
} as const;

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function hidden(s: PhoneState): SafeHtml {
  const f = { lang: s.lang === 'en' ? 'en' : '', dial: s.dial, phone: s.phone, session: s.session, text: s.text, n: String(s.n) };
  return html`${Object.entries(f).filter(([, v]) => v !== '').map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
}

function controls(s: PhoneState): SafeHtml {
  const w = WORDS[s.lang];
  if (s.mode === 'idle') {
    return html`<label for="dial">${w.dial}</label><input type="tel" id="dial" name="dial" value="${s.dial}" autocomplete="off">
<label for="phone">${w.phone}</label><input type="tel" id="phone" name="phone" value="${s.phone}" autocomplete="off">
<div class="row"><button class="call" name="action" value="dial">${w.call}</button></div>${s.lang === 'en' && html`<input type="hidden" name="lang" value="en">`}`;
  }
  if (s.mode === 'ended') return html`${hidden({ ...s, session: '', text: '', n: 0 })}<div class="row"><button class="call" name="action" value="hangup">${w.ok}</button></div>`;
  // The first submit button is what Enter in the field presses: Send.
  return html`${hidden(s)}<label for="reply">${w.reply}</label><input type="text" id="reply" name="reply" value="${s.reply}" autocomplete="off" autofocus>
<div class="row"><button class="call" name="action" value="send">${w.send}</button><button class="hang" name="action" value="hangup">${w.hangup}</button></div>
<div class="keys">${KEYS.map((k) => html`<button name="key" value="${k}" aria-label="${k}">${k}</button>`)}</div>`;
}

export function emulatorPage(s: PhoneState): string {
  const w = WORDS[s.lang];
  const screen = s.mode === 'idle' ? w.idle : s.screen;
  return '<!doctype html>' + html`<html lang="${s.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>[DÉMO] ${w.title}</title>
<meta name="robots" content="noindex"><link rel="icon" href="data:,"><style>${trusted(CSS)}</style></head>
<body><p class="demo" role="note">${w.banner}</p><main><h1>${w.title}</h1><p>${w.intro} <a href="${w.otherHref}" lang="${s.lang === 'fr' ? 'en' : 'fr'}">${w.other}</a></p>
<form class="phone" method="post" action="/demo/ussd"><pre class="screen" id="screen" role="status" aria-live="polite">${screen}</pre>${controls(s)}</form>
</main></body></html>`.value;
}
