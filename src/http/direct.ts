/**
 * @module JSON POST routes answered straight on node:http, ahead of Fastify, for requests shaped as every integrator
 * sends them; anything else goes to Fastify, which serves the same route (json-route.ts) and stays the reference.
 */
// Why: the claim answer is the node's hot path, and Fastify's routing, hooks, body parser and reply object cost a
// measurable share of it (see the README's benchmark). Both paths run the same guard, the same compiled schema, the
// same handler and the same fixed answers, so they give the same answers byte for byte (a parity test sends every
// case both ways). A request is taken only when its head shows a JSON body of known length within the body limit, so
// this never has to reproduce Fastify's content-type, chunked-body or size errors: those requests go to Fastify.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorAnswer, type HttpAnswer } from './errors.js';
import { logFault } from './faults.js';
import type { AddressGuard } from './guard.js';
import { checkInput, type JsonRoute } from './json-route.js';
import { requestId } from './request-id.js';

export interface DirectDeps {
  routes: JsonRoute[];
  logger: Logger;
  guard?: AddressGuard;
  bodyLimit: number;
  /** True once the node is closing: then Fastify answers (503, connection close). */
  closing: () => boolean;
  /** Counted when a checked request reaches its handler (not the 429s, nor bad JSON or a failed schema). */
  onTaken?: () => void;
  /** Counted for every request this path answers, whatever the answer. */
  onAnswered?: () => void;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Returns a handler that answers the request and says true, or says false having touched nothing. */
export function directRoutes(d: DirectDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const byUrl = new Map(d.routes.filter((r) => r.method === 'POST').map((r) => [r.url, r]));
  return (req, res) => {
    if (req.method !== 'POST' || d.closing()) return false;
    const route = byUrl.get(req.url ?? '');
    if (route === undefined) return false;
    const h = req.headers;
    const type = h['content-type'];
    const length = h['content-length'];
    if (type === undefined || length === undefined || h['transfer-encoding'] !== undefined) return false;
    // The media type exactly, parameters (charset) allowed, as Fastify matches it; anything unusual goes there.
    const semi = type.indexOf(';');
    if ((semi < 0 ? type : type.slice(0, semi)).trim().toLowerCase() !== 'application/json') return false;
    const n = Number(length);
    if (!(n > 0 && n <= d.bodyLimit) || !/^\d+$/.test(length)) return false;

    const id = requestId(req);
    d.onAnswered?.();
    const limited = d.guard?.limit(req);
    if (limited) {
      req.resume(); // the body is not read, but must be drained for the connection to carry the next request
      sendRaw(res, limited, id);
      return true;
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
        sendRaw(res, errorAnswer('bad_json'), id);
        return;
      }
      const checked = checkInput(route, body);
      if (!checked.ok) {
        sendRaw(res, checked.answer, id);
        return;
      }
      d.onTaken?.();
      route.handle(checked.value, { requestId: id }).then(
        (a) => {
          if (a.status >= 500) logFault(d.logger, { requestId: id, method: 'POST', url: route.url, status: a.status, err: a.fault });
          sendRaw(res, a, id);
        },
        (e: unknown) => {
          logFault(d.logger, { requestId: id, method: 'POST', url: route.url, status: 500, err: e });
          sendRaw(res, errorAnswer('internal', id), id);
        },
      );
    });
    return true;
  };
}

/** The bytes Fastify's reply would send: same headers, JSON.stringify of the same body. */
export function sendRaw(res: ServerResponse, a: HttpAnswer, id: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = a.json ?? JSON.stringify(a.body);
  const headers: Record<string, string | number> = { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body), 'x-request-id': id };
  if (a.headers !== undefined) Object.assign(headers, a.headers);
  res.writeHead(a.status, headers);
  res.end(body);
}
