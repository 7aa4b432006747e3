/**
 * @module Grievances in the console's pages (issue 12): the queue, one grievance (assignment, notes, the decision),
 * the report and its CSV. Each action is a POST with the session's CSRF token, written to the audit log; the JSON
 * side of the same work is /console/api/grievances (grievance-routes.ts). Called straight on the grievance service.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { GRIEVANCE_CATEGORIES, GRIEVANCE_STATUSES, type Grievance, type GrievanceCategory, type GrievanceStatus } from '../../domain/grievance.js';
import type { GrievanceService } from '../../grievances/port.js';
import { reportCsv } from '../grievances/report.js';
import { can } from '../auth/roles.js';
import { pageRefusal, seeOther, sendPage } from './answers.js';
import type { ConsoleWebDeps } from './deps.js';
import { formDoc, pageDoc } from './docs.js';
import { messagePage } from './layout.js';
import { grievancePage, NOTE_MAX, REASON_MAX, sameDuty } from './pages/grievance.js';
import { queuePage, type QueueView } from './pages/grievance-queue.js';
import { reportPage } from './pages/grievance-report.js';
import { fill, grievanceWords as w } from './pages/grievance-words.js';
import { addRoute, operatorOf, type RequestContext } from './route.js';

export const QUEUE_PAGE = 50;
const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
const field = (o: unknown, k: string) => (o && typeof o === 'object' ? first((o as Record<string, unknown>)[k]) : undefined);
const ticketOf = (params: unknown) => ((params as { ticket?: string }).ticket ?? '').slice(0, 40);
const stamp = (d: Date) => d.toISOString().slice(0, 16).replace(/[-:T]/g, '');

/** The notices a redirect after an action may ask the page to show (nothing else is read from the address). */
const NOTICES = { logged: 'okLogged', existing: 'okExisting', note: 'okNote', taken: 'okTaken', released: 'okReleased', decided: 'okDecided' } as const;

type Filter = QueueView['filter'];

function parseFilter(q: unknown, agencies: readonly string[]): { filter: Filter; before?: number } | null {
  const category = field(q, 'categorie') || null;
  const agency = field(q, 'agence') || null;
  const status = field(q, 'statut') || 'undecided';
  const late = field(q, 'retard');
  const before = field(q, 'avant');
  if (category !== null && !(GRIEVANCE_CATEGORIES as readonly string[]).includes(category)) return null;
  if (agency !== null && !agencies.includes(agency)) return null;
  if (!['undecided', 'all', ...GRIEVANCE_STATUSES].includes(status)) return null;
  if (late !== undefined && late !== '1' && late !== '') return null;
  if (before !== undefined && !/^[0-9]{1,12}$/.test(before)) return null;
  return {
    filter: { category: category as GrievanceCategory | null, agency, status: status as Filter['status'], late: late === '1' },
    before: before === undefined ? undefined : Number(before),
  };
}

export function registerGrievancePages(app: FastifyInstance, deps: ConsoleWebDeps): void {
  const now = () => (deps.now ?? (() => new Date()))();
  const audit = deps.services.audit;
  const service = (reply: FastifyReply, ctx: RequestContext): GrievanceService | null => {
    if (!deps.grievances) sendPage(reply, 503, messagePage({ ctx, demo: deps.demo, title: w(ctx.lang).queue, text: w(ctx.lang).notWired }));
    return deps.grievances ?? null;
  };
  const actor = (ctx: RequestContext) => ({ username: operatorOf(ctx).account.email, role: operatorOf(ctx).account.role });
  /** The grievance of `:ticket`, or the 404 already sent (a malformed ticket says so). */
  const load = async (g: GrievanceService, params: unknown, reply: FastifyReply, ctx: RequestContext): Promise<Grievance | null> => {
    const l = await g.get(ticketOf(params));
    if (l.kind === 'found') return l.grievance;
    pageRefusal(reply, ctx, deps.demo, 'not_found', l.kind === 'malformed' ? w(ctx.lang).malformed : w(ctx.lang).notFound);
    return null;
  };
  const show = async (g: GrievanceService, reply: FastifyReply, ctx: RequestContext, status: number, gr: Grievance, notice: { tone: 'ok' | 'alert'; text: string } | null) => {
    const [subscriber, notes] = await Promise.all([gr.subscriber_id === null ? null : deps.store.subscribers.byId(gr.subscriber_id).then((s) => s ?? null), g.notes(gr.ticket)]);
    return sendPage(reply, status, grievancePage({ ctx, demo: deps.demo, now: now(), g: gr, subscriber, notes, notice }));
  };
  const back = (reply: FastifyReply, ticket: string, done: keyof typeof NOTICES) => seeOther(reply, `/console/reclamations/${encodeURIComponent(ticket)}?fait=${done}`);

  addRoute(app, {
    method: 'GET', url: '/console/reclamations', permission: 'grievances.read',
    doc: pageDoc('The grievance queue (?categorie=, ?agence=, ?statut=, ?retard=1, ?avant= for the next page), SLA timers', { 400: { description: 'An unknown filter value.' } }),
    handler: async (req, reply, ctx) => {
      const g = service(reply, ctx);
      if (!g) return reply;
      const p = parseFilter(req.query, deps.agencies());
      const base = { ctx, demo: deps.demo, now: now(), agencies: deps.agencies(), next: null, paged: false };
      if (!p) return sendPage(reply, 400, queuePage({ ...base, filter: { category: null, agency: null, status: 'undecided', late: false }, rows: null, problem: w(ctx.lang).badFilter }));
      const f = p.filter;
      const rows = await g.list({
        limit: QUEUE_PAGE, ...(f.status === 'all' ? {} : { status: f.status as GrievanceStatus | 'undecided' }), ...(f.category ? { category: f.category } : {}),
        ...(f.agency ? { agency: f.agency } : {}), ...(f.late ? { late: true } : {}), ...(p.before !== undefined ? { before: p.before } : {}),
      });
      return sendPage(reply, 200, queuePage({ ...base, filter: f, rows, next: rows.length === QUEUE_PAGE ? rows[rows.length - 1].id : null, paged: p.before !== undefined }));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/reclamations/rapport', permission: 'grievances.read',
    doc: pageDoc('The grievance report: open, late and decided by category and agency, median time to a decision, acceptance per rule'),
    handler: async (_req, reply, ctx) => {
      const g = service(reply, ctx);
      return g && sendPage(reply, 200, reportPage({ ctx, demo: deps.demo, report: await g.report() }));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/reclamations/rapport.csv', permission: 'grievances.read',
    doc: { ...pageDoc('The grievance report as CSV (every text cell neutralised against formulas); audited as an export'), responses: { 200: { description: 'The CSV.', contentType: 'text/csv' }, 303: { description: 'Not signed in: to /console/login.' }, 403: { description: 'The role lacks the right.' } } },
    handler: async (_req, reply, ctx) => {
      const g = service(reply, ctx);
      if (!g) return reply;
      const r = await g.report();
      await audit.append(operatorOf(ctx).account.email, 'export', { kind: 'grievance_report', format: 'csv', rows: r.rows.length, rules: r.per_rule.length, ip: ctx.ip });
      return reply.code(200).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="reclamations-${stamp(now())}.csv"`).send(reportCsv(r));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/reclamations/:ticket', permission: 'grievances.read',
    doc: pageDoc('One grievance: the subscriber, the message, notes, assignment and (supervisor) the decision form', { 404: { description: 'No such ticket, or a malformed one.' } }),
    handler: async (req, reply, ctx) => {
      const g = service(reply, ctx);
      const gr = g && (await load(g, req.params, reply, ctx));
      if (!g || !gr) return reply;
      const done = field(req.query, 'fait');
      const key = done && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES] : null;
      return show(g, reply, ctx, 200, gr, key ? { tone: 'ok', text: fill(w(ctx.lang)[key], { ticket: gr.ticket }) } : null);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/reclamations/:ticket/attribution', permission: 'notes.write',
    doc: formDoc('Assign a grievance to oneself (field to=me) or put it back in the queue (to=none)', { 404: { description: 'No such ticket.' }, 409: { description: 'Assigned to someone else, or decided.' } }),
    handler: async (req, reply, ctx) => {
      const g = service(reply, ctx);
      const gr = g && (await load(g, req.params, reply, ctx));
      if (!g || !gr) return reply;
      const to = field(req.body, 'to');
      const op = operatorOf(ctx).account;
      if (to !== 'me' && to !== 'none') return show(g, reply, ctx, 400, gr, { tone: 'alert', text: w(ctx.lang).badFilter });
      if (gr.decided_at) return show(g, reply, ctx, 409, gr, { tone: 'alert', text: w(ctx.lang).decidedAlready });
      // Putting back someone else's grievance is a supervisor's call; anyone who works the queue may take one.
      if (to === 'none' && gr.assigned_to !== op.email && gr.assigned_to !== null && !can(op.role, 'grievances.decide')) return show(g, reply, ctx, 409, gr, { tone: 'alert', text: w(ctx.lang).notYours });
      const assignee = to === 'me' ? op.email : null;
      const l = await g.assign(gr.ticket, assignee, actor(ctx));
      if (l.kind !== 'found') return pageRefusal(reply, ctx, deps.demo, 'not_found', w(ctx.lang).notFound);
      await audit.append(op.email, 'grievance_assigned', { ticket: gr.ticket, to: assignee, from: gr.assigned_to, ip: ctx.ip });
      return back(reply, gr.ticket, to === 'me' ? 'taken' : 'released');
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/reclamations/:ticket/notes', permission: 'notes.write',
    doc: formDoc('Add a note to a grievance (field body, 2,000 characters at most)', { 404: { description: 'No such ticket.' } }),
    handler: async (req, reply, ctx) => {
      const g = service(reply, ctx);
      const gr = g && (await load(g, req.params, reply, ctx));
      if (!g || !gr) return reply;
      const body = (field(req.body, 'body') ?? '').trim();
      if (!body || body.length > NOTE_MAX) return show(g, reply, ctx, 400, gr, { tone: 'alert', text: w(ctx.lang).noteBad });
      await g.note(gr.ticket, body, actor(ctx));
      await audit.append(operatorOf(ctx).account.email, 'note_added', { ticket: gr.ticket, length: body.length, ip: ctx.ip });
      return back(reply, gr.ticket, 'note');
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/reclamations/:ticket/decision', permission: 'grievances.decide',
    doc: formDoc('Decide a grievance (fields decision accepted|rejected, reason for the subscriber, remedy resend|replacement for code_rejected); not by the account that logged it',
      { 403: { description: 'The role lacks the right, no valid csrf, or this account logged the grievance (separation of duties).', contentType: 'text/html' }, 404: { description: 'No such ticket.' }, 409: { description: 'Already decided.' } }),
    handler: async (req, reply, ctx) => {
      const g = service(reply, ctx);
      const gr = g && (await load(g, req.params, reply, ctx));
      if (!g || !gr) return reply;
      const t = w(ctx.lang);
      const op = operatorOf(ctx).account;
      if (sameDuty(gr, op.email)) return pageRefusal(reply, ctx, deps.demo, 'forbidden', t.sameDuty);
      const decision = field(req.body, 'decision');
      const reason = (field(req.body, 'reason') ?? '').trim();
      const remedy = field(req.body, 'remedy');
      if ((decision !== 'accepted' && decision !== 'rejected') || !reason || reason.length > REASON_MAX || (remedy !== undefined && remedy !== 'resend' && remedy !== 'replacement')) {
        return show(g, reply, ctx, 400, gr, { tone: 'alert', text: t.decideBad });
      }
      const o = await g.decide(gr.ticket, { decision, reason, ...(gr.category === 'code_rejected' && remedy ? { remedy } : {}) }, actor(ctx));
      switch (o.kind) {
        case 'not_found': return pageRefusal(reply, ctx, deps.demo, 'not_found', t.notFound);
        case 'same_person': return pageRefusal(reply, ctx, deps.demo, 'forbidden', t.sameDuty);
        case 'forbidden': return pageRefusal(reply, ctx, deps.demo, 'forbidden');
        case 'already_decided': return show(g, reply, ctx, 409, o.grievance, { tone: 'alert', text: t.decidedAlready });
        case 'invalid': return show(g, reply, ctx, 400, gr, { tone: 'alert', text: o.errors.map((e) => (ctx.lang === 'en' ? e.message_en ?? e.message : e.message)).join(' ') });
        case 'decided':
          await audit.append(op.email, 'grievance_decided', { ticket: gr.ticket, category: gr.category, decision, remedy: o.grievance.remedy?.kind ?? null, ip: ctx.ip });
          return back(reply, gr.ticket, 'decided');
      }
    },
  });
}
