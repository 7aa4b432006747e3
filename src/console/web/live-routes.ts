/** @module The live dashboard over HTTP: the page, its event stream (one computation per tick for every viewer), and the snapshot as JSON. */
import type { FastifyInstance } from 'fastify';
import type { LiveFeed } from '../live/feed.js';
import { sendJson, sendPage } from './answers.js';
import { CONSOLE_HEADERS } from './headers.js';
import { apiDoc, pageDoc } from './docs.js';
import { words } from './i18n.js';
import { dashboardPage } from './pages/dashboard.js';
import { addRoute } from './route.js';

const reasons = words({
  fr: {
    issued: 'Crédits attribués', replayed: 'Redemandes (le même crédit)', queued: 'Mis en file d’attente', invalid: 'Saisies invalides', unavailable: 'Service indisponible',
    not_retained: 'Non retenus', unknown_meter: 'Numéro inconnu', cycle_closed: 'Période fermée', cycle_not_open: 'Période pas encore ouverte', unknown_cycle: 'Période inconnue',
    budget_exhausted: 'Enveloppe épuisée', service_not_covered: 'Service non couvert', no_code_left: 'Plus de code disponible', issuance_unavailable: 'Émission prépayée indisponible',
    meter_needs_key_change: 'Compteur à changer de clé',
  },
  en: {
    issued: 'Credits issued', replayed: 'Asked again (the same credit)', queued: 'Queued', invalid: 'Invalid input', unavailable: 'Service unavailable',
    not_retained: 'Not retained', unknown_meter: 'Unknown number', cycle_closed: 'Period closed', cycle_not_open: 'Period not open yet', unknown_cycle: 'Unknown period',
    budget_exhausted: 'Budget used up', service_not_covered: 'Service not covered', no_code_left: 'No code left', issuance_unavailable: 'Prepaid issuance unavailable',
    meter_needs_key_change: 'Meter needs a key change',
  },
});

export function registerLiveRoutes(app: FastifyInstance, feed: LiveFeed, demo: boolean): void {
  addRoute(app, {
    method: 'GET', url: '/console/tableau', permission: 'dashboard.read', doc: pageDoc('The live dashboard (works without JavaScript as of its loading)'),
    handler: async (_req, reply, ctx) => {
      const { snapshot, series } = await feed.current();
      return sendPage(reply, 200, dashboardPage({ ctx, demo, snap: snapshot, series, reasons: reasons(ctx.lang) }));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/api/dashboard', permission: 'dashboard.read',
    doc: apiDoc('The dashboard\'s latest snapshot as JSON', { description: 'The snapshot: point, totals by service, metering and agency, outcomes, line, budget, SMS.' }),
    handler: async (_req, reply) => sendJson(reply, 200, (await feed.current()).snapshot),
  });

  addRoute(app, {
    method: 'GET', url: '/console/api/live', permission: 'dashboard.read',
    doc: apiDoc('Server-sent events: `hello` (the last ten minutes and a snapshot), then one snapshot a second (?once=1: the hello alone)', {
      description: 'text/event-stream', example: 'event: hello\ndata: {"series":[...],"snapshot":{...}}\n\ndata: {...}\n\n',
    }),
    handler: async (req, reply) => {
      const once = (req.query as Record<string, unknown>).once === '1';
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...CONSOLE_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      await feed.add(res, { once });
    },
  });
}
