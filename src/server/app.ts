/** @module The HTTP application: claim API, health, metrics, and the channels' pages. */
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fastClaimRoute } from '../claims/fast-route.js';
import { addAcceptHandles, rememberTwin, type AcceptHandles } from './accept.js';
import type { AddressGuard } from './guard.js';
import type { Logger } from 'pino';
import type { ClaimService } from '../claims/claim-service.js';
import { registerClaimRoutes } from '../claims/routes.js';
import { installErrorHandling, RATE_LIMITED } from './errors.js';
import type { Metrics } from './metrics.js';

export interface AppDeps {
  guard?: AddressGuard;
  headersTimeoutMs?: number;
  /** Extra accept handles on the listening socket (accept.ts); 0: the one handle Node gives. */
  acceptHandles?: number;
  claims: ClaimService;
  /** Asked by /healthz: a sync SQLite handle or the async store contract (PostgreSQL answers over the network). */
  store: { ping(): boolean | Promise<boolean> };
  metrics: Metrics;
  logger: Logger;
  /** Extra route groups (subscriber pages, demo samples, channels), registered after the API. */
  plugins?: ((app: FastifyInstance) => void)[];
}

const BODY_LIMIT = 256 * 1024;

export function buildApp(deps: AppDeps): FastifyInstance {
  let closing = false;
  const fast = fastClaimRoute({
    claims: deps.claims, metrics: deps.metrics, logger: deps.logger, guard: deps.guard, bodyLimit: BODY_LIMIT, closing: () => closing,
  });
  const app = Fastify({
    // Our own server, for the options Fastify does not pass on. Slow clients cannot hold a request open for ever
    // (slow-loris): the head must arrive within headersTimeout, checked every second; idle sockets close after 30 s.
    serverFactory: (handler) => {
      const options = {
        headersTimeout: deps.headersTimeoutMs ?? 10_000,
        requestTimeout: 30_000,
        keepAliveTimeout: 30_000,
        connectionsCheckingInterval: Math.min(1000, deps.headersTimeoutMs ?? 1000),
      };
      // Claims shaped as integrators send them take the direct path (fast-route.ts); everything else, Fastify.
      const serve = (req: IncomingMessage, res: ServerResponse) => {
        if (!fast(req, res)) handler(req, res);
      };
      return rememberTwin(createServer(options, serve), () => createServer(options, serve));
    },
    // Fastify's own per-request logging stays off: the claim path logs nothing per request.
    logger: false,
    // A 100 KB field must still reach the validator so the answer can name the field.
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    trustProxy: false,
  });
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  installErrorHandling(app, deps.logger);
  // Plain JSON.parse instead of Fastify's prototype-poisoning scan (about 1 µs a claim): no handler merges a body
  // into another object, and JSON.parse makes "__proto__" an ordinary own key. Bad JSON, an empty body included,
  // is a SyntaxError, answered 400 by the error handler like before.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body as string);
    } catch (e) {
      return done(e as Error, undefined);
    }
    done(null, parsed);
  });
  const guard = deps.guard;
  if (guard) {
    guard.attach(app.server);
    // A callback hook, not an async one: this runs on every claim, and a promise per request is measurable there.
    app.addHook('onRequest', (req, reply, done) => {
      const wait = req.method === 'POST' ? guard.check(req.raw) : 0;
      if (wait === 0) return done();
      reply.code(429).header('retry-after', String(wait)).send(RATE_LIMITED);
    });
  }
  // A crowd of new connections must get in while the open ones keep the loop busy: more accept handles, added
  // once the socket listens (inject-only tests never listen, so never pay for them).
  let extra: Promise<AcceptHandles> | null = null;
  const handles = deps.acceptHandles ?? 0;
  if (handles > 0) {
    app.addHook('onListen', async () => {
      extra = addAcceptHandles(app.server, handles, (s) => guard?.countConnections(s));
      await extra.catch((e: unknown) => deps.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'extra accept handles unavailable; the one listening handle serves alone'));
    });
    app.addHook('onClose', async () => {
      await extra?.then((h) => h.close(), () => {});
    });
  }
  registerClaimRoutes(app, deps.claims, deps.metrics);
  app.get('/healthz', async (_req, reply) => {
    const ok = await deps.store.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'store_unavailable' });
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()));
  for (const p of deps.plugins ?? []) p(app);
  return app;
}
