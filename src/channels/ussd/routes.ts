/**
 * @module POST /ussd/africastalking, and the demo's emulator page: the USSD channel as one encapsulated plugin, with
 * its own body parsing and its own answers to broken requests (a `text/plain` END line, never JSON, never a 5xx).
 */
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { logFault } from '../../http/faults.js';
import { answerStep, type UssdDeps } from './answer.js';
import { USSD_DOCS } from './docs.js';
import { registerEmulator } from './emulator.js';
import { readForm } from './form.js';
import { tooLongScreen, unavailableScreen } from './menu-screens.js';

export type { UssdDeps, UssdClaims } from './answer.js';
export type { UssdFollowUp, QueuedOutcome } from './follow-up.js';

export interface UssdRouteDeps extends UssdDeps {
  /** Demo mode: the emulator page is served (404 otherwise). */
  demo: boolean;
}

export const USSD_PATH = '/ussd/africastalking';
/** A 10 KB `text` is still read (and answered with a screen); beyond this the body is not read at all. */
const BODY_LIMIT = 64 * 1024;
const PLAIN = 'text/plain; charset=utf-8';

/** Bilingual: nothing of the request says which language the caller chose. */
export const UNREADABLE = 'END Demande USSD illisible. / Unreadable USSD request.';
export const MALFORMED = 'END Demande USSD incomplète ou mal formée. / Incomplete or malformed USSD request.';
export const BUSY = 'END Service très demandé: réessayez dans quelques minutes. / Service busy: try again in a few minutes.';

function plain(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').type(PLAIN).send(body);
}

/** One warning, then one per this many: a misconfigured gateway must be seen in the log, not flood it. */
const WARN_EVERY = 100;

export function registerUssdRoutes(app: FastifyInstance, deps: UssdRouteDeps): void {
  let malformed = 0;
  app.register(async (ussd) => {
    // Gateways send forms; anything else is read as one too (the fields then are missing, and the answer says so).
    ussd.removeAllContentTypeParsers();
    const asForm = (_req: unknown, body: string | Buffer, done: (e: Error | null, v?: unknown) => void) => done(null, parseQuery(String(body)));
    ussd.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, asForm);
    ussd.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, asForm);

    // The kit's abuse guard answers JSON (429/503); a gateway shows only text, so the caller reads an END line.
    // A callback hook, not an async one: it runs on every answer, and a promise per answer is measurable.
    ussd.addHook('onSend', (_req, reply, payload, done) => {
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('text/plain')) return done(null, payload);
      const status = reply.statusCode;
      reply.type(PLAIN).header('cache-control', 'no-store');
      done(null, status === 429 || status === 503 ? BUSY : status >= 400 && status < 500 ? UNREADABLE : unavailableScreen('fr'));
    });

    ussd.setErrorHandler((err, req, reply) => {
      const code = (err as { statusCode?: number }).statusCode;
      if (typeof code === 'number' && code >= 400 && code < 500) return plain(reply, 400, UNREADABLE);
      // A fault of ours: logged with its request id; the caller is told to try again, the gateway gets no 5xx.
      logFault(deps.logger, { requestId: req.id, method: req.method, url: req.url, status: 500, err });
      return plain(reply, 200, unavailableScreen('fr'));
    });

    ussd.post(USSD_PATH, { config: { doc: USSD_DOCS.callback, consumes: 'application/x-www-form-urlencoded' } }, async (req, reply) => {
      const r = readForm(req.body);
      if (!r.ok && r.why === 'too_long') return plain(reply, 200, tooLongScreen(r.serviceCode));
      if (!r.ok) {
        // A gateway's fault, not the caller's: still a screen the handset can show (a 4xx would end the session with
        // the gateway's own words), and a line in the log naming the fields (never their values).
        if (malformed++ % WARN_EVERY === 0) deps.logger.warn({ fields: r.fields, malformed_ussd_requests: malformed }, 'USSD request malformed (a field missing or misshapen): answered with an END screen');
        return plain(reply, 200, MALFORMED);
      }
      const step = await answerStep(deps, r.form);
      if (step.claimed === 'unavailable') logFault(deps.logger, { requestId: req.id, method: req.method, url: req.url, status: 503, err: step.cause });
      return plain(reply, 200, step.answer);
    });
  });
  registerEmulator(app, { demo: deps.demo, callback: USSD_PATH });
}
