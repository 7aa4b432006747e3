/** @module The audit log read back: JSON for scripts (CONTRACT §9), a page for auditors, and the chain's check. */
import type { FastifyInstance } from 'fastify';
import { html } from '../../http/html.js';
import { MAX_LATEST } from '../audit/log.js';
import { apiRefusal, sendJson, sendPage } from './answers.js';
import { apiDoc, pageDoc } from './docs.js';
import { when, words } from './i18n.js';
import { consolePage } from './layout.js';
import { addRoute } from './route.js';
import type { ConsoleWebDeps } from './deps.js';

const w = words({
  fr: { title: 'Journal d’audit', intro: 'Chaque action faite dans la console, la plus récente en premier. Le journal est chaîné par empreintes : toute modification ou suppression se voit à la vérification.',
    at: 'Date', actor: 'Qui', action: 'Action', details: 'Détails', verify: 'Vérification de la chaîne', intact: 'Chaîne intacte', broken: 'Chaîne rompue à l’entrée', entries: 'entrées', show: 'Afficher', limit: 'Nombre d’entrées' },
  en: { title: 'Audit log', intro: 'Every action taken in the console, newest first. The log is hash-chained: any change or deletion shows when it is verified.',
    at: 'When', actor: 'Who', action: 'Action', details: 'Details', verify: 'Chain check', intact: 'Chain intact', broken: 'Chain broken at entry', entries: 'entries', show: 'Show', limit: 'Entries' },
});

/** `?limit=N`: 1 to MAX_LATEST; anything else is a 400 that says so. */
function limitOf(q: unknown, dflt: number): number | null {
  const raw = (q as Record<string, unknown>).limit;
  if (raw === undefined) return dflt;
  const s = Array.isArray(raw) ? raw[0] : raw;
  if (typeof s !== 'string' || !/^[0-9]{1,4}$/.test(s) || Number(s) < 1 || Number(s) > MAX_LATEST) return null;
  return Number(s);
}

export function registerAuditRoutes(app: FastifyInstance, deps: ConsoleWebDeps): void {
  const audit = deps.services.audit;
  addRoute(app, {
    method: 'GET', url: '/console/api/audit', permission: 'audit.read',
    doc: apiDoc('The latest audit entries, newest first (?limit=N, 1 to 500, default 50)', {
      description: 'Entries.', example: [{ seq: 12, at: '2020-04-01T08:00:00.000Z', actor: 'agent@seeg.ga', action: 'login', ip: '192.0.2.7' }],
    }, { 400: { description: 'limit is not a whole number from 1 to 500.' } }),
    handler: async (req, reply) => {
      const limit = limitOf(req.query, 50);
      if (limit === null) return apiRefusal(reply, 'invalid', `limit doit être un nombre entier de 1 à ${MAX_LATEST}.`);
      // CONTRACT §9: {"at","actor","action",...}: the details beside them, as the log holds them.
      const entries = await audit.latest(limit);
      return sendJson(reply, 200, entries.map((e) => ({ ...e.details, seq: e.seq, at: e.at, actor: e.actor, action: e.action })));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/audit', permission: 'audit.read', doc: pageDoc('The audit log as a page, with the chain check'),
    handler: async (req, reply, ctx) => {
      const t = w(ctx.lang);
      const limit = limitOf(req.query, 100) ?? 100;
      const [entries, check] = await Promise.all([audit.latest(limit), audit.verify()]);
      const body = html`<h1>${t.title}</h1><p>${t.intro}</p>
<p class="${check.ok ? 'ok' : 'alert'}" role="status"><b>${t.verify} :</b> ${check.ok ? `${t.intact} (${check.entries} ${t.entries})` : `${t.broken} ${check.seq} : ${check.problem}`}</p>
<form method="get" action="/console/audit" class="row"><label for="limit">${t.limit}</label><input id="limit" name="limit" type="number" min="1" max="${MAX_LATEST}" value="${limit}"><button type="submit">${t.show}</button></form>
<div class="scroll"><table><caption class="sr">${t.title}</caption><thead><tr><th scope="col">${t.at}</th><th scope="col">${t.actor}</th><th scope="col">${t.action}</th><th scope="col">${t.details}</th></tr></thead>
<tbody>${entries.map((e) => html`<tr><td>${when(e.at, ctx.lang)}</td><td>${e.actor}</td><td><code>${e.action}</code></td><td><code>${JSON.stringify(e.details)}</code></td></tr>`)}</tbody></table></div>`;
      return sendPage(reply, 200, consolePage({ ctx, demo: deps.demo, title: t.title, body, active: '/console/audit' }));
    },
  });
}
