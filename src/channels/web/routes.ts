/** @module The subscriber pages (GET /, POST /demande, GET /retrouver) and the demo samples, as one encapsulated plugin. */
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { StoreUnavailable, type ClaimService } from '../../claims/claim-service.js';
import { answerClaim, outcomeOf } from '../../claims/routes.js';
import type { ClaimAnswer } from '../../claims/answers.js';
import type { Programme } from '../../domain/programme.js';
import type { Metrics } from '../../server/metrics.js';
import { pickLang, t, type Lang } from './i18n.js';
import { href, SECURITY_HEADERS } from './layout.js';
import { checkNumero, locate } from './numero.js';
import { EMPTY_FORM, type FormErrors, type FormValues } from './pages/form.js';
import { homePage, type DemoSamples } from './pages/home.js';
import { issuedPage, refusedPage } from './pages/answer.js';
import { lookupPage, type LookupResult } from './pages/lookup.js';
import { waitingPage, type Queued } from './pages/waiting.js';
import { unavailablePage } from './pages/unavailable.js';

export interface WebDeps {
  claims: ClaimService;
  programme: () => Programme;
  demo: { samples: DemoSamples } | null;
  /** When given, claims made on the page are counted like API claims (outcome and latency). */
  metrics?: Metrics;
}

/** A form with two short fields never needs more; anything bigger is not a person at a browser. */
const FORM_BODY_LIMIT = 4096;
/** Answer pages hold codes: never kept by a browser cache or a proxy. */
const NO_STORE = 'no-store';

type Fields = Record<string, unknown>;

/** The first value of a query or form field as a string (a repeated field is an array; anything else is ignored). */
function str(v: unknown): string | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : undefined;
}

function valuesOf(f: Fields): FormValues {
  return { numero: str(f.numero) ?? '', phone: str(f.phone) ?? '' };
}

function fieldsOf(body: unknown): Fields {
  return typeof body === 'object' && body !== null ? (body as Fields) : {};
}

function sendHtml(reply: FastifyReply, code: number, body: string, cache = NO_STORE): FastifyReply {
  return reply.code(code).header('cache-control', cache).type('text/html; charset=utf-8').send(body);
}

/** The claim answer's field errors, on the page's one number field or on the phone field, in the page's language. */
function formErrors(answer: Extract<ClaimAnswer, { http: 400 }>, lang: Lang): FormErrors {
  const s = t(lang);
  const out: FormErrors = {};
  for (const e of answer.body.errors) {
    const key = e.field === 'phone' ? 'phone' : 'numero';
    // French is the claim path's own sentence (the most precise); English has a field-level equivalent.
    out[key] ??= lang === 'fr' ? e.message : key === 'phone' ? s.phoneInvalid : s.numeroInvalid;
  }
  return out;
}

export function registerWebRoutes(app: FastifyInstance, deps: WebDeps): void {
  const demo = deps.demo !== null;
  const samples = deps.demo?.samples ?? null;

  // Registered as a child context so the form parser, the headers and the HTML error pages stay with these routes.
  app.register(async (web) => {
    web.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_req, body, done) => done(null, parseQuery(body as string)));
    web.addHook('onRequest', async (_req, reply) => {
      reply.headers(SECURITY_HEADERS);
    });

    web.setErrorHandler((err, req, reply) => {
      const lang = pickLang(str(fieldsOf(req.body).lang) ?? str(fieldsOf(req.query).lang));
      const values = valuesOf(fieldsOf(req.body));
      if (err instanceof StoreUnavailable) {
        req.log.error({ err: err.cause instanceof Error ? err.cause.message : String(err.cause) }, 'store unavailable (web)');
        return sendHtml(reply.header('retry-after', '5'), 503, unavailablePage(lang, demo, values));
      }
      const code = (err as { statusCode?: number }).statusCode;
      if (typeof code === 'number' && code >= 400 && code < 500) {
        // Too large, wrong content type, malformed: the person gets the form back, not a JSON error.
        const page = homePage({ lang, programme: deps.programme(), samples, values: EMPTY_FORM, errors: { numero: t(lang).formTooLarge } });
        return sendHtml(reply, 400, page);
      }
      req.log.error({ err: err instanceof Error ? err.message : String(err) }, 'unexpected error (web)');
      return sendHtml(reply, 500, unavailablePage(lang, demo, values));
    });

    web.get('/', async (req, reply) => {
      const q = fieldsOf(req.query);
      const values: FormValues = { ...EMPTY_FORM, numero: (str(q.numero) ?? '').slice(0, 64) };
      return sendHtml(reply, 200, homePage({ lang: pickLang(str(q.lang)), programme: deps.programme(), samples, values }), 'no-cache');
    });

    const claim = async (f: Fields, reply: FastifyReply): Promise<FastifyReply> => {
      const lang = pickLang(str(f.lang));
      const values = valuesOf(f);
      const programme = deps.programme();
      const s = t(lang);
      const checked = checkNumero(values.numero);
      if (!checked.ok) {
        return sendHtml(reply, 400, homePage({ lang, programme, samples, values, errors: { numero: s[checked.problem] } }));
      }
      const { locator } = locate(deps.claims, checked.value);
      const pass = str(f.pass);
      const body = { ...locator, ...(values.phone.trim() ? { phone: values.phone } : {}), ...(pass ? { pass } : {}) };
      const t0 = performance.now();
      const answer = await answerClaim(deps.claims, body, 'web');
      deps.metrics?.claim(outcomeOf(answer), (performance.now() - t0) / 1000);
      // Not a ClaimAnswer yet: the waiting room's 202 will arrive here once admission control exists.
      const a = answer as ClaimAnswer | { http: 202; body: Queued };
      switch (a.http) {
        case 200: return sendHtml(reply, 200, issuedPage({ lang, demo, programme, answer: a.body, numero: checked.value }));
        // A refusal is a normal answer to a person, so the page itself is a 200.
        case 422: return sendHtml(reply, 200, refusedPage({ lang, demo, programme, answer: a.body, values }));
        case 400: return sendHtml(reply, 400, homePage({ lang, programme, samples, values, errors: formErrors(a, lang) }));
        case 202: {
          const refreshHref = href('/demande', lang, { numero: values.numero, phone: values.phone, pass: a.body.pass });
          return sendHtml(reply, 202, waitingPage({ lang, demo, queued: a.body, values, refreshHref }));
        }
      }
    };

    web.post('/demande', async (req, reply) => claim(fieldsOf(req.body), reply));

    /**
     * Only the waiting room's meta refresh (which cannot POST) continues a claim by GET, and only with its pass; any
     * other GET (a bookmark, a link preview) is sent to the form, so fetching a URL never issues a credit by itself.
     */
    web.get('/demande', async (req, reply) => {
      const q = fieldsOf(req.query);
      if (str(q.pass)) return claim(q, reply);
      return reply.code(303).header('cache-control', NO_STORE).redirect(href('/', pickLang(str(q.lang)), { numero: str(q.numero) }));
    });

    web.get('/retrouver', async (req, reply) => {
      const q = fieldsOf(req.query);
      const lang = pickLang(str(q.lang));
      const raw = str(q.numero);
      const programme = deps.programme();
      let result: LookupResult = { kind: 'form' };
      if (raw !== undefined) {
        const checked = checkNumero(raw);
        if (!checked.ok) result = { kind: 'invalid', error: t(lang)[checked.problem] };
        else {
          const sub = locate(deps.claims, checked.value).subscriber;
          result = sub ? { kind: 'found', credits: deps.claims.issuedTo(sub) } : { kind: 'unknown' };
        }
      }
      const code = result.kind === 'invalid' ? 400 : 200;
      return sendHtml(reply, code, lookupPage({ lang, demo, programme, numero: (raw ?? '').slice(0, 64), result }));
    });

    web.get('/api/v1/demo/samples', async (_req, reply) => {
      reply.header('cache-control', 'no-cache');
      if (!samples) return reply.code(404).send({ status: 'not_found', message: 'Les numéros d’essai n’existent qu’en mode démo.' });
      return reply.send({ prepaid: samples.prepaid, postpaid: samples.postpaid, water: samples.water, not_retained: samples.not_retained });
    });
  });
}

