/** @module The node's HTTP application: the kit (http/), the JSON API and the subscriber pages as adapters of one claim core, health, metrics and the API document. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Logger } from 'pino';
import type { ClaimService } from '../claims/claim-service.js';
import { claimRoute } from '../channels/api/claims.js';
import { creditsRoute } from '../channels/api/credits.js';
import { phoneVerificationRoute } from '../channels/api/phone-verification.js';
import { grievanceRaiseRoute, registerGrievanceLookup } from '../channels/api/grievances.js';
import type { GrievanceService } from '../grievances/port.js';
import type { PhoneProof } from '../channels/sms/otp.js';
import { registerApiDocs } from '../channels/api/docs.js';
import { createHttpApp } from '../http/app.js';
import { errorAnswer, type ErrorId } from '../http/errors.js';
import type { AddressGuard } from '../http/guard.js';
import { registerJsonRoute, type JsonRoute } from '../http/json-route.js';
import type { Metrics } from '../http/metrics.js';

export interface AppDeps {
  guard?: AddressGuard;
  headersTimeoutMs?: number;
  acceptHandles?: number;
  acceptSurgeHandles?: number;
  claims: ClaimService;
  /** Asked by /healthz (PostgreSQL answers over the network). */
  store: { ping(): Promise<boolean> };
  metrics: Metrics;
  logger: Logger;
  /** Who may read /metrics: `any`, or these addresses (the trusted ones by default). */
  metricsAllow?: ReadonlySet<string> | 'any';
  /** A page for a browser that gets an error (the web channel's). */
  errorPage?: (id: ErrorId, lang: string | undefined) => { status: number; html: string } | null;
  /** Extra route groups (subscriber pages, demo samples, channels), registered after the API. */
  plugins?: ((app: FastifyInstance) => void)[];
  /** Extra JSON routes (documented in the API document). */
  routes?: JsonRoute[];
  /** One-time codes for phones not on file (null without SMS). */
  proof?: PhoneProof | null;
  /** What /healthz says besides the store (the SMS link): informative, never a 503 by itself. */
  health?: () => Record<string, string>;
  /** POST /api/v1/grievances and GET /api/v1/grievances/{ticket} (CONTRACT §10); none without it. */
  grievances?: GrievanceService | null;
}

/** The store's state, and what else a node reports (`sms`: the SMS link, informative: never a 503 by itself). */
const Health = (status: string) => Type.Object({
  status: Type.Literal(status),
  sms: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('off')], { description: 'The SMS link: up, down (reconnecting), or off (GUICHET_SMPP_URL unset).' })),
}, { additionalProperties: Type.String() });
const HEALTH_DOC = { summary: 'Is this node serving?', description: '200 while the store answers, 503 otherwise (load balancers check it).', tags: ['operations'],
  responses: {
    200: { description: 'Serving.', schema: Health('ok'), example: { status: 'ok', sms: 'up' } },
    503: { description: 'The store does not answer.', schema: Health('store_unavailable'), example: { status: 'store_unavailable', sms: 'up' } },
  } };
const METRICS_DOC = { summary: 'Prometheus metrics', description: 'Text exposition format: claims by channel and outcome, latency, group commits, the waiting line, SMS, and the runtime (CPU, memory, GC, event-loop lag). Restricted to GUICHET_METRICS_ADDRESSES.', tags: ['operations'],
  responses: { 200: { description: 'Metrics.', contentType: 'text/plain' }, 403: { description: 'Not from an allowed address.' } } };

export function buildApp(deps: AppDeps): FastifyInstance {
  const claims = claimRoute(deps.claims, deps.proof ?? null);
  const direct = { claims: 0, requests: 0 };
  deps.metrics.counter('guichet_claims_direct_total', 'Claims the direct path handed to the claim core (the rest came through the framework route).', () => direct.claims);
  deps.metrics.counter('guichet_http_direct_requests_total', 'Requests the direct path answered, whatever the answer (429, 400 included).', () => direct.requests);
  let open = 0;
  deps.metrics.gauge('guichet_http_open_connections', 'Client connections open on the node\'s HTTP port.', () => open);
  const app = createHttpApp({
    onConnection: (socket) => {
      open++;
      socket.once('close', () => open--);
    },
    logger: deps.logger, guard: deps.guard, headersTimeoutMs: deps.headersTimeoutMs, acceptHandles: deps.acceptHandles, acceptSurgeHandles: deps.acceptSurgeHandles,
    direct: [claims], onDirect: { taken: () => direct.claims++, answered: () => direct.requests++ },
    errorPage: deps.errorPage ? (id, req) => deps.errorPage!(id, (req.query as Record<string, string> | undefined)?.lang) : undefined,
  });
  registerApiDocs(app);
  const verification = deps.proof ? [phoneVerificationRoute(deps.claims, deps.proof) as JsonRoute] : [];
  const grievances = deps.grievances ? [grievanceRaiseRoute(deps.grievances) as JsonRoute] : [];
  for (const r of [claims as JsonRoute, creditsRoute(deps.claims) as JsonRoute, ...verification, ...grievances, ...(deps.routes ?? [])]) registerJsonRoute(app, r);
  if (deps.grievances) registerGrievanceLookup(app, deps.grievances);
  app.get('/healthz', { config: { doc: HEALTH_DOC } }, async (_req, reply) => {
    const ok = await deps.store.ping();
    return reply.code(ok ? 200 : 503).header('cache-control', 'no-store').send({ status: ok ? 'ok' : 'store_unavailable', ...deps.health?.() });
  });
  const allow = deps.metricsAllow ?? 'any';
  app.get('/metrics', { config: { doc: METRICS_DOC } }, async (req, reply) => {
    if (allow !== 'any' && !allow.has(req.socket.remoteAddress ?? '')) {
      const a = errorAnswer('forbidden');
      return reply.code(a.status).send(a.body);
    }
    return reply.type('text/plain; version=0.0.4; charset=utf-8').header('cache-control', 'no-store').send(await deps.metrics.render());
  });
  for (const p of deps.plugins ?? []) p(app);
  return app;
}
