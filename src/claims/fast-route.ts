/**
 * @module POST /api/v1/claims straight on node:http, ahead of Fastify, for the requests shaped as every integrator
 * sends them; anything else goes to the Fastify route, which stays the reference.
 */
// Why: the claim answer is the node's hot path, and Fastify's routing, hooks, body parser and reply object cost a
// measurable share of it (see the README's benchmark). This path gives the same answers, byte for byte, as the
// Fastify route (routes.ts, errors.ts, the guard hook in app.ts); a parity test sends the same requests both ways.
// It takes a request only when its head shows a JSON body of known length within the body limit, so it never has
// to reproduce Fastify's content-type, chunked-body or size errors: those requests go to Fastify untouched.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AddressGuard } from '../server/guard.js';
import type { Metrics } from '../server/metrics.js';
import { StoreUnavailable, type ClaimService } from './claim-service.js';
import { answerClaim, outcomeOf } from './routes.js';
import { invalid } from './answers.js';
import { BAD_JSON, INTERNAL, RATE_LIMITED, UNAVAILABLE } from '../server/errors.js';

export interface FastClaimDeps {
  claims: ClaimService;
  metrics: Metrics;
  logger: Logger;
  guard?: AddressGuard;
  bodyLimit: number;
  /** True once the node is closing: then Fastify answers (503, connection close). */
  closing: () => boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';
// Serialised once: the same words as the Fastify route and error handler say (src/server/errors.ts).
const BAD_JSON_BODY = JSON.stringify(invalid([{ field: 'body', message: BAD_JSON }]).body);
const RATE_LIMITED_BODY = JSON.stringify(RATE_LIMITED);
const UNAVAILABLE_BODY = JSON.stringify(UNAVAILABLE);
const INTERNAL_BODY = JSON.stringify(INTERNAL);

/** Returns a handler that answers the request and says true, or says false having touched nothing. */
export function fastClaimRoute(d: FastClaimDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  let direct = 0;
  d.metrics.gauge('guichet_claims_direct_total', 'Claims answered by the direct path (the rest by the framework route).', () => direct);
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/v1/claims' || d.closing()) return false;
    const h = req.headers;
    const type = h['content-type'];
    const length = h['content-length'];
    if (type === undefined || length === undefined || h['transfer-encoding'] !== undefined) return false;
    // The media type exactly, parameters (charset) allowed, as Fastify matches it; anything unusual goes there.
    const semi = type.indexOf(';');
    if ((semi < 0 ? type : type.slice(0, semi)).trim().toLowerCase() !== 'application/json') return false;
    const n = Number(length);
    if (!(n > 0 && n <= d.bodyLimit) || !/^\d+$/.test(length)) return false;
    direct++;

    if (d.guard) {
      const wait = d.guard.check(req);
      if (wait !== 0) {
        req.resume(); // the body is not read, but must be drained for the connection to carry the next request
        send(res, 429, RATE_LIMITED_BODY, String(wait));
        return true;
      }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      chunks.push(c);
    });
    req.on('end', () => {
      // node:http ends the body at Content-Length: more is the next request, less is an aborted one.
      let body: unknown;
      try {
        body = JSON.parse((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8'));
      } catch {
        send(res, 400, BAD_JSON_BODY, null);
        return;
      }
      const t0 = performance.now();
      answerClaim(d.claims, body, 'api').then(
        (answer) => {
          d.metrics.claim(outcomeOf(answer), (performance.now() - t0) / 1000);
          send(res, answer.http, JSON.stringify(answer.body), answer.http === 202 ? String(answer.retryAfter) : null);
        },
        (e: unknown) => {
          if (e instanceof StoreUnavailable) {
            d.logger.error({ err: e.cause instanceof Error ? e.cause.message : String(e.cause) }, 'store unavailable');
            send(res, 503, UNAVAILABLE_BODY, '5');
            return;
          }
          d.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'unexpected error');
          send(res, 500, INTERNAL_BODY, null);
        },
      );
    });
    return true;
  };
}

function send(res: ServerResponse, status: number, body: string, retryAfter: string | null): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) };
  if (retryAfter !== null) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers);
  res.end(body);
}
