/** @module The HTTP application: claim API, health, metrics, and the channels' pages. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ClaimService } from '../claims/claim-service.js';
import type { ClaimStore } from '../store/types.js';
import { registerClaimRoutes } from '../claims/routes.js';
import { installErrorHandling } from './errors.js';
import type { Metrics } from './metrics.js';

export interface AppDeps {
  claims: ClaimService;
  store: ClaimStore;
  metrics: Metrics;
  logger: Logger;
  /** Extra route groups (subscriber pages, demo samples, channels), registered after the API. */
  plugins?: ((app: FastifyInstance) => void)[];
}

export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    // Fastify's own per-request logging stays off: the claim path logs nothing per request.
    logger: false,
    // A 100 KB field must still reach the validator so the answer can name the field.
    bodyLimit: 256 * 1024,
    // Slow clients cannot hold a request open for ever; idle keep-alive sockets are closed after a while.
    requestTimeout: 30_000,
    keepAliveTimeout: 30_000,
    return503OnClosing: true,
    trustProxy: false,
  });
  installErrorHandling(app, deps.logger);
  registerClaimRoutes(app, deps.claims, deps.metrics);
  app.get('/healthz', async (_req, reply) => {
    const ok = deps.store.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'store_unavailable' });
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()));
  for (const p of deps.plugins ?? []) p(app);
  return app;
}
