/** @module The subscriber pages (GET /, POST /demande, GET /attente, GET /retrouver) and the demo samples: an adapter of the claim core, as one encapsulated plugin. */
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ClaimService } from '../../claims/claim-service.js';
import { NUMBER_MAX } from '../../claims/request.js';
import type { Programme } from '../../domain/programme.js';
import { logFault } from '../../http/faults.js';
import { pickLang, t, type Lang } from './i18n.js';
import { href, SECURITY_HEADERS } from './layout.js';
import { outcomePage, type PageAnswer } from './outcome-page.js';
import { lookupResult } from './lookup.js';
import { EMPTY_FORM, type FormValues } from './pages/form.js';
import { homePage, type DemoSamples } from './pages/home.js';
import { lookupPage } from './pages/lookup.js';
import { attentePage } from './pages/waiting.js';
import { verifyForm, verifyResultPage } from './pages/verify.js';
import type { PhoneProof } from '../sms/otp.js';
import { normalisePhone } from '../../registry/phone.js';
import { WEB_DOCS } from './docs.js';
import type { GrievanceService } from '../../grievances/port.js';
import { grievanceTooLarge, registerGrievancePages } from './grievance-routes.js';

export interface WebDeps {
  claims: ClaimService;
  programme: () => Programme;
  demo: { samples: DemoSamples } | null;
  logger: Logger;
  /** One-time codes for a phone not on file (programmes that prove new phones); null without SMS. */
  proof?: PhoneProof | null;
  /** Grievances ("Contester" under a refusal, /reclamation); absent or null: those pages say the service is unavailable. */
  grievances?: GrievanceService | null;
}

/** A form with two short fields never needs more; anything bigger is not a person at a browser. */
const FORM_BODY_LIMIT = 4096;
/** Answer pages hold codes: never kept by a browser cache or a proxy. */
const NO_STORE = 'no-store';

type Fields = Record<string, unknown>;

/** The first value of a query or form field as a string (a repeated field is an array; anything else is ignored). */
export function str(v: unknown): string | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : undefined;
}

function valuesOf(f: Fields): FormValues {
  return { numero: (str(f.numero) ?? '').slice(0, NUMBER_MAX * 2), phone: (str(f.phone) ?? '').slice(0, 64) };
}

function fieldsOf(body: unknown): Fields {
  return typeof body === 'object' && body !== null ? (body as Fields) : {};
}

function sendHtml(reply: FastifyReply, a: PageAnswer, cache = NO_STORE): FastifyReply {
  if (a.headers) reply.headers(a.headers);
  return reply.code(a.status).header('cache-control', cache).type('text/html; charset=utf-8').send(a.html);
}

export function registerWebRoutes(app: FastifyInstance, deps: WebDeps): void {
  const demo = deps.demo !== null;
  const samples = deps.demo?.samples ?? null;
  const langOf = (req: FastifyRequest): Lang => pickLang(str(fieldsOf(req.body).lang) ?? str(fieldsOf(req.query).lang));

  // Registered as a child context so the form parser, the headers and the HTML error pages stay with these routes.
  app.register(async (web) => {
    web.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_req, body, done) => done(null, parseQuery(body as string)));
    web.addHook('onRequest', async (_req, reply) => {
      reply.headers(SECURITY_HEADERS);
    });

    web.setErrorHandler((err, req, reply) => {
      const lang = langOf(req);
      const code = (err as { statusCode?: number }).statusCode;
      if (typeof code === 'number' && code >= 400 && code < 500 && req.url.startsWith('/reclamation')) {
        return sendHtml(reply, { status: 400, html: grievanceTooLarge(lang, demo, req.body) });
      }
      if (typeof code === 'number' && code >= 400 && code < 500) {
        // Too large, wrong content type, malformed: the person gets the form back, not a JSON error.
        const html = homePage({ lang, programme: deps.programme(), samples, values: EMPTY_FORM, errors: { numero: t(lang).formTooLarge } });
        return sendHtml(reply, { status: 400, html });
      }
      logFault(deps.logger, { requestId: req.id, method: req.method, url: req.url, status: 500, err });
      return sendHtml(reply, outcomePage({ kind: 'unavailable', retry_after_s: 5, cause: err }, { lang, demo, programme: deps.programme(), samples, values: valuesOf(fieldsOf(req.body)) }));
    });

    web.get('/', { config: { doc: WEB_DOCS.home } }, async (req, reply) => {
      const q = fieldsOf(req.query);
      const values: FormValues = { ...EMPTY_FORM, numero: (str(q.numero) ?? '').slice(0, 64) };
      return sendHtml(reply, { status: 200, html: homePage({ lang: pickLang(str(q.lang)), programme: deps.programme(), samples, values }) }, 'no-cache');
    });

    web.post('/demande', { config: { doc: WEB_DOCS.claim, consumes: 'application/x-www-form-urlencoded' } }, async (req, reply) => {
      const f = fieldsOf(req.body);
      const lang = pickLang(str(f.lang));
      const values = valuesOf(f);
      const o = await deps.claims.claim({ who: { number: values.numero }, cycle: null, phone: values.phone, pass: str(f.pass) ?? null, channel: 'web' });
      if (o.kind === 'unavailable') logFault(deps.logger, { requestId: req.id, method: req.method, url: req.url, status: 503, err: o.cause });
      const phone = normalisePhone(values.phone);
      const after = o.kind === 'issued' && deps.proof?.needed(o.subscriber, phone)
        ? verifyForm(lang, values.numero, phone, await deps.proof.send(o.subscriber, phone)) : undefined;
      return sendHtml(reply, outcomePage(o, { lang, demo, programme: deps.programme(), samples, values, contest: true }, after));
    });

    web.post('/verification', { config: { doc: WEB_DOCS.verify, consumes: 'application/x-www-form-urlencoded' } }, async (req, reply) => {
      const f = fieldsOf(req.body);
      const lang = pickLang(str(f.lang));
      const values = valuesOf(f);
      const l = deps.claims.locate({ number: values.numero });
      const phone = normalisePhone(values.phone);
      if (!deps.proof || !('found' in l) || phone === null) return sendHtml(reply, { status: 400, html: verifyResultPage(lang, demo, values.numero, values.phone, 'none') });
      const credits = deps.claims.issuedTo(l.found);
      const r = await deps.proof.confirm(l.found, phone, str(f.code) ?? '', credits[credits.length - 1] ?? null);
      return sendHtml(reply, { status: r === 'verified' ? 200 : 400, html: verifyResultPage(lang, demo, values.numero, phone, r) });
    });

    // Fetching a URL never issues a credit (a link preview, a prefetch, a bookmark): a GET goes to the form.
    web.get('/demande', { config: { doc: WEB_DOCS.claimGet } }, async (req, reply) => {
      const q = fieldsOf(req.query);
      return reply.code(303).header('cache-control', NO_STORE).redirect(href('/', pickLang(str(q.lang)), { numero: str(q.numero)?.slice(0, 64) }));
    });

    web.get('/attente', { config: { doc: WEB_DOCS.waiting } }, async (req, reply) => {
      const q = fieldsOf(req.query);
      const lang = pickLang(str(q.lang));
      const numero = (str(q.numero) ?? '').slice(0, 64);
      const pass = (str(q.pass) ?? '').slice(0, 128);
      if (!numero || !pass) return reply.code(303).header('cache-control', NO_STORE).redirect(href('/', lang, { numero }));
      const due = Number(str(q.due));
      const dueInS = Number.isFinite(due) ? Math.min(3600, due - Date.now() / 1000) : 0;
      return sendHtml(reply, { status: 200, html: attentePage({ lang, demo, numero, pass, dueInS }) });
    });

    web.get('/retrouver', { config: { doc: WEB_DOCS.lookup } }, async (req, reply) => {
      const q = fieldsOf(req.query);
      const lang = pickLang(str(q.lang));
      const raw = str(q.numero);
      const result = lookupResult(deps.claims, raw, lang);
      const status = result.kind === 'invalid' ? 400 : 200;
      return sendHtml(reply, { status, html: lookupPage({ lang, demo, programme: deps.programme(), numero: (raw ?? '').slice(0, 64), result }) });
    });

    registerGrievancePages(web, { grievances: deps.grievances ?? null, demo, logger: deps.logger });

    web.get('/api/v1/demo/samples', { config: { doc: WEB_DOCS.samples } }, async (_req, reply) => {
      reply.header('cache-control', 'no-cache');
      if (!samples) return reply.code(404).send({ status: 'not_found', error: 'not_found', message: 'Les numéros d’essai n’existent qu’en mode démo.' });
      return reply.send({ prepaid: samples.prepaid, postpaid: samples.postpaid, water: samples.water, not_retained: samples.not_retained });
    });
  });
}
