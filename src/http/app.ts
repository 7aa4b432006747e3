/**
 * @module The HTTP kit's application: one Fastify instance behind our own node:http server, with the direct JSON
 * path ahead of it, one abuse guard for every route and method, request ids, one JSON parser, the schemas' validator,
 * and one mapping of every error to an answer (JSON, or a page for a browser), 5xx logged.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { addAcceptHandles, rememberTwin, type AcceptHandles } from './accept.js';
import { AcceptSurge } from './accept-surge.js';
import { directRoutes } from './direct.js';
import { errorAnswer, type ErrorId, type HttpAnswer } from './errors.js';
import { logFault } from './faults.js';
import type { AddressGuard } from './guard.js';
import type { JsonRoute } from './json-route.js';
import { requestId } from './request-id.js';
import { validatorCompiler } from './schema.js';

export interface HttpAppOptions {
  logger: Logger;
  guard?: AddressGuard;
  headersTimeoutMs?: number;
  /** Extra accept handles on the listening socket (accept.ts); 0: the one handle Node gives. */
  acceptHandles?: number;
  /** More handles added while new connections queue (accept-surge.ts); 0: none. */
  acceptSurgeHandles?: number;
  /** JSON POST routes also served by the direct path (the claim API). */
  direct?: JsonRoute[];
  /** A page for a browser that asked for HTML and gets an error (404, 429, 500...); null: the JSON answer. */
  errorPage?: (id: ErrorId, req: FastifyRequest) => { status: number; html: string } | null;
  /** Told of every connection, on the listening server and on each extra accept handle (an open-connections gauge). */
  onConnection?: (socket: import('node:net').Socket) => void;
  /** Counts the claims the direct path hands to its handler, and every request it answers. */
  onDirect?: { taken: () => void; answered: () => void };
}

/** A 100 KB field must still reach the validator so the answer can name the field. */
export const BODY_LIMIT = 256 * 1024;

export function createHttpApp(o: HttpAppOptions): FastifyInstance {
  let closing = false;
  const direct = directRoutes({ routes: o.direct ?? [], logger: o.logger, guard: o.guard, bodyLimit: BODY_LIMIT, closing: () => closing, onTaken: o.onDirect?.taken, onAnswered: o.onDirect?.answered });
  const app = Fastify({
    // Our own server, for the options Fastify does not pass on. Slow clients cannot hold a request open for ever
    // (slow-loris): the head must arrive within headersTimeout, checked every second; idle sockets close after 30 s.
    serverFactory: (handler) => {
      const options = {
        headersTimeout: o.headersTimeoutMs ?? 10_000,
        requestTimeout: 30_000,
        keepAliveTimeout: 30_000,
        connectionsCheckingInterval: Math.min(1000, o.headersTimeoutMs ?? 1000),
      };
      const serve = (req: IncomingMessage, res: ServerResponse) => {
        if (!direct(req, res)) handler(req, res);
      };
      return rememberTwin(createServer(options, serve), () => createServer(options, serve));
    },
    // Fastify's own per-request logging stays off: the claim path logs nothing per request; faults are logged here.
    logger: false,
    genReqId: (req) => requestId(req),
    bodyLimit: BODY_LIMIT,
    // A path segment past the router's limit (a 300-character ticket) or a URL that cannot be decoded: answered like
    // every other error (a page for a browser, our JSON otherwise), not with Fastify's JSON echoing the path.
    frameworkErrors: (err, req, reply) => send(req, reply, err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'uri_too_long' : 'malformed_request'),
    return503OnClosing: true,
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });
  // Plain JSON.parse instead of Fastify's prototype-poisoning scan (about 1 µs a claim): no handler merges a body
  // into another object, and JSON.parse makes "__proto__" an ordinary own key. Bad JSON, an empty body included,
  // is a SyntaxError, answered 400 by the error handler.
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
  const answer = (req: FastifyRequest, id: ErrorId): HttpAnswer | { page: { status: number; html: string } } => {
    const page = wantsHtml(req) ? o.errorPage?.(id, req) ?? null : null;
    return page ? { page } : errorAnswer(id, req.id);
  };
  const send = (req: FastifyRequest, reply: import('fastify').FastifyReply, id: ErrorId, extra?: Record<string, string>) => {
    const a = answer(req, id);
    if (extra) reply.headers(extra);
    if ('page' in a) return reply.code(a.page.status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(a.page.html);
    if (a.headers) reply.headers(a.headers);
    return reply.code(a.status).send(a.body);
  };
  const guard = o.guard;
  const onConnection = o.onConnection;
  if (onConnection) app.server.on('connection', onConnection);
  if (guard) {
    guard.attach(app.server);
    // Every route and method: a page, a lookup or a GET must not be a way around the limits. A callback hook, not
    // an async one: this runs on every request, and a promise per request is measurable.
    app.addHook('onRequest', (req, reply, done) => {
      const limited = guard.limit(req.raw);
      if (limited === null) return done();
      const id = (limited.body as { error: ErrorId }).error;
      void send(req, reply, id, limited.headers);
    });
  }
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const id = errorIdOf(err);
    const status = errorAnswer(id).status;
    if (status >= 500) logFault(o.logger, { requestId: req.id, method: req.method, url: req.url, status, err });
    return send(req, reply, id);
  });
  app.setNotFoundHandler((req, reply) => send(req, reply, 'not_found'));

  // A crowd of new connections must get in while the open ones keep the loop busy: more accept handles, added
  // once the socket listens (inject-only tests never listen, so never pay for them).
  let extra: Promise<AcceptHandles> | null = null;
  let surge: AcceptSurge | null = null;
  const handles = o.acceptHandles ?? 0;
  let handlesReady: () => void = () => {};
  READY.set(app, handles > 0 ? new Promise<void>((r) => (handlesReady = r)) : Promise.resolve());
  if (handles > 0) {
    app.addHook('onListen', async () => {
      const onServer = (s: Server) => {
        guard?.countConnections(s);
        if (onConnection) s.on('connection', onConnection);
        s.on('connection', () => surge?.accepted());
      };
      extra = addAcceptHandles(app.server, handles, onServer);
      const got = await extra.catch((e: unknown) => {
        o.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'extra accept handles unavailable; the one listening handle serves alone');
        return null;
      });
      if (got !== null && (o.acceptSurgeHandles ?? 0) > 0) {
        surge = new AcceptSurge(app.server, {
          steady: got.servers.length + 1, extra: o.acceptSurgeHandles ?? 0, onServer,
          log: (event, detail) => (event === 'failed' ? o.logger.warn({ err: detail }, 'surge accept handles unavailable') : o.logger.info(detail)),
        });
        app.server.on('connection', () => surge?.accepted());
        await surge.start();
      }
      handlesReady();
    });
    app.addHook('onClose', async () => {
      await surge?.close();
      await extra?.then((h) => h.close(), () => {});
    });
  }
  return app;
}

const READY = new WeakMap<FastifyInstance, Promise<void>>();

/**
 * Resolves once the app listens with all its accept handles (and the surge reserve) in place: Fastify's listen()
 * does not wait for its onListen hooks, and a flood that arrives meanwhile starves the IPC that makes them.
 */
export function acceptHandlesReady(app: FastifyInstance): Promise<void> {
  return READY.get(app) ?? Promise.resolve();
}

/** A browser navigating asks for HTML first; an integrator's client asks for JSON or anything. */
function wantsHtml(req: FastifyRequest): boolean {
  const a = req.headers.accept;
  return typeof a === 'string' && a.includes('text/html') && !req.url.startsWith('/api/');
}

/** Framework errors caused by the request itself, in the words a subscriber or integrator can act on. */
function errorIdOf(e: FastifyError): ErrorId {
  if ((e as { statusCode?: number }).statusCode === 503 && e.code === 'FST_ERR_CLOSING') return 'closing';
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'bad_json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'unsupported_media_type';
    default:
      if (e instanceof SyntaxError) return 'bad_json';
      return typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? 'malformed_request' : 'internal';
  }
}
