/**
 * @module The subscriber's grievance pages (GET/POST /reclamation, GET /reclamation/<ticket>): an adapter of the
 * GrievanceService port, registered inside the web plugin (same form parser, security headers, error pages, and
 * the node's per-address abuse guard in front of every route).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { FieldError } from '../../claims/outcome.js';
import { GRIEVANCE_CATEGORIES, type GrievanceCategory } from '../../domain/grievance.js';
import type { GrievanceService } from '../../grievances/port.js';
import { logFault } from '../../http/faults.js';
import { normalisePhone } from '../../registry/phone.js';
import { WEB_DOCS } from './docs.js';
import { g } from './grievance-i18n.js';
import { pickLang, t, type Lang } from './i18n.js';
import { ticketHref } from './pages/grievance.js';
import { EMPTY_GRIEVANCE, MESSAGE_MAX, type GrievanceErrors, type GrievanceValues } from './pages/grievance-form.js';
import { grievanceHomePage, raisedPage, statusPage, ticketNotFoundPage, type GrievanceLookup } from './pages/grievance.js';

export interface GrievancePageDeps {
  /** Null until the node wires the service: the pages then say the service is unavailable (nothing stored). */
  grievances: GrievanceService | null;
  demo: boolean;
  logger: Logger;
}

/** A 2,000-character message, each character up to 12 bytes once percent-encoded, plus the other fields. */
export const GRIEVANCE_BODY_LIMIT = 32 * 1024;
/** "R-7K3Q9X", "r 7k3q9x", "R7K3Q9X": what a ticket looks like as typed (its check character is the core's to verify). */
const TICKET_SHAPED = /^R[\s-]*[0-9A-Z]{5,8}$/i;

type Fields = Record<string, unknown>;
const str = (v: unknown): string | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : undefined;
};
const fieldsOf = (v: unknown): Fields => (typeof v === 'object' && v !== null ? (v as Fields) : {});

function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

/** The form as typed, each field cut to what a person could have typed (the page shows it back, escaped). */
export function grievanceValues(f: Fields): GrievanceValues {
  return {
    numero: (str(f.numero) ?? '').slice(0, 64), categorie: (str(f.categorie) ?? '').slice(0, 32),
    message: (str(f.message) ?? '').slice(0, MESSAGE_MAX * 2), phone: (str(f.phone) ?? '').slice(0, 64),
  };
}

/** The checks a person's form gets before anything is asked of the core: in the page's words, nothing stored. */
function edgeErrors(v: GrievanceValues, lang: Lang): GrievanceErrors {
  const s = t(lang);
  const w = g(lang);
  const e: GrievanceErrors = {};
  if (v.numero.trim() === '') e.numero = s.numeroEmpty;
  if (!(GRIEVANCE_CATEGORIES as readonly string[]).includes(v.categorie)) e.categorie = w.categoryMissing;
  if (v.message.trim().length > MESSAGE_MAX) e.message = w.messageLong;
  if (v.phone.trim() !== '' && normalisePhone(v.phone) === null) e.phone = s.phoneInvalid;
  return e;
}

/** The core's field errors on the form's fields, in the page's language. */
function coreErrors(errors: readonly FieldError[], lang: Lang): GrievanceErrors {
  const out: GrievanceErrors = {};
  for (const e of errors) {
    const key: keyof GrievanceValues = e.field === 'category' ? 'categorie' : e.field === 'message' ? 'message' : e.field === 'phone' ? 'phone' : 'numero';
    out[key] ??= lang === 'en' && e.message_en ? e.message_en : e.message;
  }
  return out;
}

export function registerGrievancePages(web: FastifyInstance, deps: GrievancePageDeps): void {
  const home = (lang: Lang, o: Partial<Parameters<typeof grievanceHomePage>[0]> = {}) =>
    grievanceHomePage({ lang, demo: deps.demo, q: '', lookup: { kind: 'none' }, values: EMPTY_GRIEVANCE, ...o });
  const down = (req: FastifyRequest, reply: FastifyReply, lang: Lang, values: GrievanceValues, err: unknown) => {
    logFault(deps.logger, { requestId: req.id, method: req.method, url: req.url, status: 503, err });
    return send(reply.header('retry-after', '5'), 503, home(lang, { values, down: true }));
  };

  web.get('/reclamation', { config: { doc: WEB_DOCS.grievanceHome } }, async (req, reply) => {
    const f = fieldsOf(req.query);
    const lang = pickLang(str(f.lang));
    const raw = str(f.q);
    const values: GrievanceValues = { ...EMPTY_GRIEVANCE, ...grievanceValues({ numero: f.numero, categorie: f.categorie }) };
    if (raw === undefined) return send(reply, 200, home(lang, { values }));
    const q = raw.trim().slice(0, 64);
    if (q === '') return send(reply, 400, home(lang, { values, lookup: { kind: 'invalid', error: g(lang).lookupEmpty } }));
    if (deps.grievances === null) return down(req, reply, lang, values, new Error('grievances not wired'));
    try {
      if (TICKET_SHAPED.test(q)) {
        const l = await deps.grievances.get(q);
        if (l.kind === 'found') return reply.code(303).header('cache-control', 'no-store').redirect(ticketHref(l.grievance.ticket, lang));
      }
      const found = await deps.grievances.byNumber(q);
      if (found.length === 0 && TICKET_SHAPED.test(q)) return send(reply, 404, ticketNotFoundPage(lang, deps.demo, q));
      const lookup: GrievanceLookup = { kind: 'number', number: q, found };
      return send(reply, 200, home(lang, { q, lookup, values: { ...values, numero: values.numero || q } }));
    } catch (e) {
      return down(req, reply, lang, values, e);
    }
  });

  web.post('/reclamation', { bodyLimit: GRIEVANCE_BODY_LIMIT, config: { doc: WEB_DOCS.grievanceRaise, consumes: 'application/x-www-form-urlencoded' } }, async (req, reply) => {
    const f = fieldsOf(req.body);
    const lang = pickLang(str(f.lang));
    const values = grievanceValues(f);
    const errors = edgeErrors(values, lang);
    if (Object.keys(errors).length > 0) return send(reply, 400, home(lang, { values, errors }));
    if (deps.grievances === null) return down(req, reply, lang, values, new Error('grievances not wired'));
    let o;
    try {
      o = await deps.grievances.raise({
        who: { number: values.numero }, category: values.categorie as GrievanceCategory, message: values.message.trim(),
        phone: normalisePhone(values.phone), channel: 'web', logged_by: null, cycle: null,
      });
    } catch (e) {
      return down(req, reply, lang, values, e);
    }
    if (o.kind === 'invalid') return send(reply, 400, home(lang, { values, errors: coreErrors(o.errors, lang) }));
    const fresh = o.kind === 'raised';
    return send(reply, fresh ? 201 : 200, raisedPage({ lang, demo: deps.demo, grievance: o.grievance, fresh, message: values.message.trim() }));
  });

  web.get('/reclamation/:ticket', { config: { doc: WEB_DOCS.grievanceStatus } }, async (req, reply) => {
    const lang = pickLang(str(fieldsOf(req.query).lang));
    const typed = String((req.params as { ticket?: string }).ticket ?? '').slice(0, 64);
    if (deps.grievances === null) return down(req, reply, lang, EMPTY_GRIEVANCE, new Error('grievances not wired'));
    try {
      const l = await deps.grievances.get(typed);
      if (l.kind !== 'found') return send(reply, 404, ticketNotFoundPage(lang, deps.demo, typed));
      return send(reply, 200, statusPage(lang, deps.demo, l.grievance));
    } catch (e) {
      return down(req, reply, lang, EMPTY_GRIEVANCE, e);
    }
  });
}

/** A grievance form too large or malformed (a 200 KB message): the form again, in plain words, never a JSON error. */
export function grievanceTooLarge(lang: Lang, demo: boolean, body: unknown): string {
  return grievanceHomePage({ lang, demo, q: '', lookup: { kind: 'none' }, values: { ...grievanceValues(fieldsOf(body)), message: '' }, errors: { message: g(lang).messageLong } });
}
