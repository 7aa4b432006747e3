/**
 * @module Demo mode only: the SMS the built-in SMSC simulator received, as a phone inbox per number, and a form that
 * sends an SMS to Guichet from any number (GRATUIT <numéro>), so a newcomer sees the channel work without a phone.
 */
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance } from 'fastify';
import { html } from '../../http/html.js';
import { normalisePhone } from '../../registry/phone.js';
import type { Simulator } from '../../sms/index.js';
import { href, page, SECURITY_HEADERS } from '../web/layout.js';

const DOC = {
  inbox: { summary: 'Demo mode only: the phones of the built-in SMSC simulator, their messages newest first', tags: ['demo'], responses: { 200: { description: 'A page.', contentType: 'text/html' } } },
  send: { summary: 'Demo mode only: an SMS to Guichet from a phone (form fields `from`, `text`)', tags: ['demo'], responses: { 303: { description: 'Back to the inbox of that phone.' }, 400: { description: 'Not a Gabonese mobile number.', contentType: 'text/html' } } },
};

function inboxPage(sim: Simulator, phone: string | null, error: string | null): string {
  const numbers = sim.inbox.numbers().slice(-30).reverse();
  const shown = phone ?? numbers[0] ?? null;
  const messages = shown ? [...sim.inbox.of(shown)].reverse() : [];
  const body = html`<h1>Téléphones (démo)</h1>
<section class="card"><p>Les SMS envoyés par Guichet au simulateur d’opérateur. Envoyez un SMS depuis n’importe quel numéro pour essayer.</p>
<form method="post" action="/demo/sms"><label for="from">Numéro qui envoie</label><input type="tel" id="from" name="from" value="${shown ? `+${shown}` : '+24177000000'}" maxlength="24">
<label for="text">Message</label><input type="text" id="text" name="text" value="GRATUIT " maxlength="160">${error && html`<p class="field-error">${error}</p>`}
<button type="submit">Envoyer le SMS</button></form></section>
${shown && html`<section class="card" aria-live="polite"><h2>+${shown}</h2>${messages.length === 0 ? html`<p>Aucun message pour l’instant (rechargez la page).</p>` : html`<ol>${messages.map((m) => html`<li><p>${m.text}</p><p class="hint">${new Date(m.at).toISOString().slice(11, 19)} UTC, de ${m.from}</p></li>`)}</ol>`}</section>`}
<section class="card"><h2>Autres numéros</h2><p class="links">${numbers.map((n) => html`<a href="${href('/demo/sms', 'fr', { phone: n })}">+${n}</a> `)}</p></section>`;
  return page({ lang: 'fr', title: 'Téléphones (démo)', demo: true, body, switchHref: '/demo/sms' });
}

export function registerSmsDemo(app: FastifyInstance, sim: Simulator): void {
  app.register(async (demo) => {
    demo.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 2048 }, (_r, body, done) => done(null, parseQuery(body as string)));
    demo.addHook('onRequest', async (_req, reply) => {
      reply.headers(SECURITY_HEADERS).header('cache-control', 'no-store');
    });
    demo.get('/demo/sms', { config: { doc: DOC.inbox } }, async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const phone = typeof q.phone === 'string' ? normalisePhone(q.phone.startsWith('241') ? `+${q.phone}` : q.phone)?.slice(1) ?? null : null;
      return reply.type('text/html; charset=utf-8').send(inboxPage(sim, phone, null));
    });
    demo.post('/demo/sms', { config: { doc: DOC.send, consumes: 'application/x-www-form-urlencoded' } }, async (req, reply) => {
      const f = (req.body ?? {}) as Record<string, unknown>;
      const from = normalisePhone(typeof f.from === 'string' ? f.from : '');
      const text = typeof f.text === 'string' ? f.text.slice(0, 160) : '';
      if (from === null) return reply.code(400).type('text/html; charset=utf-8').send(inboxPage(sim, null, 'Un mobile gabonais : +241 suivi de 8 chiffres.'));
      await sim.injectMo({ from: from.slice(1), to: 'SEEG', text });
      return reply.code(303).redirect(href('/demo/sms', 'fr', { phone: from.slice(1) }));
    });
  });
}
