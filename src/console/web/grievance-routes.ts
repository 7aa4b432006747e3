/**
 * @module The console's JSON API of grievances (CONTRACT §10) under /console/api/grievances: the queue, one grievance
 * with its notes, logging one for a caller (agent), assignment and notes, and the decision (supervisor; never the
 * account that logged it). Each change is written to the audit log. Grievance texts are data here: whoever shows
 * them escapes them (the console's pages do).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { GRIEVANCE_CATEGORIES, GRIEVANCE_STATUSES, type Grievance } from '../../domain/grievance.js';
import type { DecideOutcome, GrievanceService, Lookup, QueueFilter } from '../../grievances/port.js';
import { TICKET_ABSURD } from '../../grievances/ticket.js';
import type { AuditLog } from '../audit/log.js';
import { apiRefusal, sendJson } from './answers.js';
import { apiDoc } from './docs.js';
import { addRoute, operatorOf, type RequestContext } from './route.js';

const NOTE_MAX = 2000;
const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
const field = (o: unknown, k: string) => (o && typeof o === 'object' ? first((o as Record<string, unknown>)[k]) : undefined);
const ticketOf = (params: unknown) => String((params as { ticket?: string }).ticket ?? '').slice(0, TICKET_ABSURD + 1);
const actor = (ctx: RequestContext) => ({ username: operatorOf(ctx).account.email, role: operatorOf(ctx).account.role });
const NOT_FOUND = 'Aucune réclamation ne porte ce numéro.';

/** The queue's filter from the query string, or the problem with it. */
export function queueFilter(q: unknown): QueueFilter | string {
  const status = field(q, 'status');
  const category = field(q, 'category');
  const limit = field(q, 'limit') ?? '50';
  const before = field(q, 'before');
  const late = field(q, 'late');
  if (status !== undefined && status !== 'undecided' && !(GRIEVANCE_STATUSES as readonly string[]).includes(status)) return `status : ${GRIEVANCE_STATUSES.join(', ')} ou undecided.`;
  if (category !== undefined && !(GRIEVANCE_CATEGORIES as readonly string[]).includes(category)) return `category : ${GRIEVANCE_CATEGORIES.join(', ')}.`;
  if (!/^[0-9]{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 500) return 'limit : un nombre de 1 à 500.';
  if (before !== undefined && !/^[0-9]{1,15}$/.test(before)) return 'before : un identifiant.';
  if (late !== undefined && late !== '1' && late !== 'true') return 'late : 1 ou absent.';
  const agency = field(q, 'agency');
  return {
    limit: Number(limit), ...(status ? { status: status as QueueFilter['status'] } : {}), ...(category ? { category: category as QueueFilter['category'] } : {}),
    ...(agency ? { agency: agency.slice(0, 120) } : {}), ...(late ? { late: true } : {}), ...(before ? { before: Number(before) } : {}),
  };
}

function lookupAnswer(reply: FastifyReply, l: Lookup): FastifyReply | Grievance {
  return l.kind === 'found' ? l.grievance : apiRefusal(reply, 'not_found', NOT_FOUND);
}

function decisionAnswer(reply: FastifyReply, o: DecideOutcome): FastifyReply {
  switch (o.kind) {
    case 'decided': return sendJson(reply, 200, o.grievance);
    case 'not_found': return apiRefusal(reply, 'not_found', NOT_FOUND);
    case 'already_decided': return sendJson(reply, 409, { status: 'refused', error: 'already_decided', message: 'Cette réclamation est déjà décidée.', grievance: o.grievance });
    case 'same_person': return sendJson(reply, 403, { status: 'refused', error: 'same_person', message: 'Le compte qui a enregistré cette réclamation ne peut pas la décider : confiez-la à un autre superviseur.' });
    case 'forbidden': return apiRefusal(reply, 'forbidden', 'Seul un superviseur décide d’une réclamation.');
    case 'invalid': return sendJson(reply, 400, { status: 'invalid', errors: o.errors });
  }
}

const GRIEVANCE_EXAMPLE = { id: 1, ticket: 'R-7K3Q9X', subscriber_id: 12, number: '256822346', programme_id: 'gratuite-2020', cycle: 'phase-1', category: 'not_retained', message: 'Mon compteur…', phone: null, channel: 'web', logged_by: null, agency: 'Owendo', status: 'open', assigned_to: null, refusal_reason: 'power_kw', created_at: '2020-04-02T08:00:00.000Z', due_at: '2020-04-05T08:00:00.000Z', decided_at: null, decided_by: null, decision: null, reason: null, remedy: null };

export function registerGrievanceApi(app: FastifyInstance, grievances: GrievanceService, audit: AuditLog): void {
  addRoute(app, {
    method: 'GET', url: '/console/api/grievances', permission: 'grievances.read',
    doc: apiDoc('The grievance queue (?status= open|in_review|accepted|rejected|undecided, ?category=, ?agency=, ?late=1, ?limit= up to 500, ?before= id)', {
      description: 'Newest first.', example: [GRIEVANCE_EXAMPLE] }, { 400: { description: 'A filter is not one of those listed.' } }),
    handler: async (req, reply) => {
      const f = queueFilter(req.query);
      if (typeof f === 'string') return apiRefusal(reply, 'invalid', f);
      return sendJson(reply, 200, await grievances.list(f));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/api/grievances/report', permission: 'grievances.read',
    doc: apiDoc('Open, late and decided grievances by category and agency; median time to a decision; acceptance per rule', { description: 'The report.' }),
    handler: async (_req, reply) => sendJson(reply, 200, await grievances.report()),
  });

  addRoute(app, {
    method: 'GET', url: '/console/api/grievances/:ticket', permission: 'grievances.read',
    doc: apiDoc('One grievance and its notes', { description: '{grievance, notes}.' }, { 404: { description: 'No such ticket (or mistyped).' } }),
    handler: async (req, reply) => {
      const g = lookupAnswer(reply, await grievances.get(ticketOf(req.params)));
      if (!('ticket' in g)) return g;
      return sendJson(reply, 200, { grievance: g, notes: await grievances.notes(g.ticket) });
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/api/grievances', permission: 'grievances.log',
    doc: apiDoc('Log a grievance for a caller (fields number, category, message, phone, cycle): channel agent, logged by this account', {
      description: 'Already open for that subscriber, cycle and category: the first one (200).' }, { 201: { description: 'Logged.' }, 400: { description: 'Field errors.' } }),
    handler: async (req, reply, ctx) => {
      const by = actor(ctx);
      const o = await grievances.raise({
        who: { number: (field(req.body, 'number') ?? '').slice(0, 200) }, category: field(req.body, 'category') ?? '', message: field(req.body, 'message') ?? '',
        phone: field(req.body, 'phone') ?? null, channel: 'agent', logged_by: by.username, cycle: field(req.body, 'cycle') || null,
      });
      if (o.kind === 'invalid') return sendJson(reply, 400, { status: 'invalid', errors: o.errors });
      if (o.kind === 'raised') await audit.append(by.username, 'grievance_logged', { ticket: o.grievance.ticket, category: o.grievance.category, ip: ctx.ip });
      return sendJson(reply, o.kind === 'raised' ? 201 : 200, o.grievance);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/api/grievances/:ticket/assign', permission: 'notes.write',
    doc: apiDoc('Assign an undecided grievance (field to: an account, or empty to put it back in the queue); recorded as a note', { description: 'The grievance.' },
      { 404: { description: 'No such ticket.' }, 409: { description: 'Already decided.' } }),
    handler: async (req, reply, ctx) => {
      const raw = field(req.body, 'to');
      const to = raw === undefined || raw.trim() === '' ? null : raw.trim();
      if (to !== null && (to.length > 320 || /\p{Cc}/u.test(to))) return apiRefusal(reply, 'invalid', 'to : un compte de la console.');
      const ticket = ticketOf(req.params);
      const by = actor(ctx);
      const g = lookupAnswer(reply, await grievances.assign(ticket, to, by));
      if (!('ticket' in g)) return g;
      if (g.decision !== null) return sendJson(reply, 409, { status: 'refused', error: 'already_decided', message: 'Cette réclamation est déjà décidée.', grievance: g });
      await audit.append(by.username, 'grievance_assigned', { ticket: g.ticket, to, ip: ctx.ip });
      return sendJson(reply, 200, g);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/api/grievances/:ticket/notes', permission: 'notes.write',
    doc: apiDoc('Add a note to a grievance (field body, 2,000 characters at most)', { description: 'The notes, oldest first.' },
      { 400: { description: 'Empty or too long.' }, 404: { description: 'No such ticket.' } }),
    handler: async (req, reply, ctx) => {
      const body = (field(req.body, 'body') ?? '').trim();
      if (body === '' || [...body].length > NOTE_MAX) return apiRefusal(reply, 'invalid', 'La note est vide ou trop longue (2 000 caractères au plus).');
      const by = actor(ctx);
      const g = lookupAnswer(reply, await grievances.note(ticketOf(req.params), body, by));
      if (!('ticket' in g)) return g;
      await audit.append(by.username, 'note_added', { ticket: g.ticket, length: body.length, ip: ctx.ip });
      return sendJson(reply, 201, await grievances.notes(g.ticket));
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/api/grievances/:ticket/decision', permission: 'grievances.decide',
    doc: apiDoc('Decide a grievance (fields decision accepted|rejected, reason for the subscriber, remedy resend|replacement for code_rejected)', {
      description: 'The grievance decided, with its remedy; the subscriber is told by SMS.' }, {
      400: { description: 'Field errors (reason required, at most 500 characters).' }, 404: { description: 'No such ticket.' },
      409: { description: 'Already decided.' } }),
    handler: async (req, reply, ctx) => {
      const by = actor(ctx);
      const remedy = field(req.body, 'remedy');
      const o = await grievances.decide(ticketOf(req.params), {
        decision: field(req.body, 'decision') as 'accepted' | 'rejected', reason: field(req.body, 'reason') ?? '',
        ...(remedy ? { remedy: remedy as 'resend' | 'replacement' } : {}),
      }, by);
      if (o.kind === 'decided') {
        await audit.append(by.username, 'grievance_decided', { ticket: o.grievance.ticket, category: o.grievance.category, decision: o.grievance.decision,
          remedy: o.grievance.remedy?.kind ?? null, ip: ctx.ip });
      }
      return decisionAnswer(reply, o);
    },
  });
}
