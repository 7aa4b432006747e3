/**
 * @module The JSON API of grievances (CONTRACT §10): POST /api/v1/grievances raises one (201, or 200 with the open one
 * already raised for that subscriber, cycle and category), GET /api/v1/grievances/{ticket} reads its state: nothing
 * but the ticket's own state (no name, no phone, no message). A malformed or unknown ticket is 404, an absurd one 414.
 */
import type { FastifyInstance } from 'fastify';
import type { Grievance, PublicGrievance } from '../../domain/grievance.js';
import { errorAnswer } from '../../http/errors.js';
import { invalidAnswer, replyWith, type JsonRoute } from '../../http/json-route.js';
import type { GrievanceService } from '../../grievances/port.js';
import { TICKET_ABSURD } from '../../grievances/ticket.js';
import { ErrorAnswer, InvalidAnswer } from './claim-schema.js';
import { GRIEVANCE_MESSAGES, GrievanceAnswer, GrievanceBody, RaisedAnswer } from './grievance-schema.js';

const NO_STORE = { 'cache-control': 'no-store' };

export function publicGrievance(g: Grievance): PublicGrievance {
  return { ticket: g.ticket, status: g.status, category: g.category, ...(g.decision ? { decision: g.decision } : {}), ...(g.reason ? { reason: g.reason } : {}) };
}

const NOT_FOUND = { status: 'not_found', error: 'unknown_ticket', message: 'Aucune réclamation ne porte ce numéro. Vérifiez-le : R- suivi de six caractères.' };

export function grievanceRaiseRoute(grievances: GrievanceService): JsonRoute<GrievanceBody> {
  return {
    method: 'POST',
    url: '/api/v1/grievances',
    schema: GrievanceBody,
    messages: GRIEVANCE_MESSAGES,
    async handle(b) {
      const o = await grievances.raise({
        who: typeof b.meter_no === 'string' ? { meter_no: b.meter_no } : { contract_no: b.contract_no as string },
        category: b.category, message: b.message ?? '', phone: b.phone ?? null, channel: 'api', logged_by: null, cycle: b.cycle ?? null,
      });
      if (o.kind === 'invalid') return invalidAnswer(o.errors);
      return { status: o.kind === 'raised' ? 201 : 200, body: { ticket: o.grievance.ticket, status: o.grievance.status }, headers: NO_STORE };
    },
    doc: {
      summary: 'Contest a refusal or report a problem with a credit',
      description: 'Raises a grievance (categories not_retained, unknown_meter, code_rejected, not_credited, other). One open grievance per subscriber, cycle and category: raising it again answers 200 with the first ticket. An acknowledgement goes by SMS to the phone given, else the phone on file. A number the registry does not hold is accepted for unknown_meter only.',
      tags: ['grievances'],
      responses: {
        201: { description: 'Raised: the ticket to follow it with.', schema: RaisedAnswer, example: { ticket: 'R-7K3Q9X', status: 'open' } },
        200: { description: 'Already raised and still open: the first ticket, and its state.', schema: RaisedAnswer, example: { ticket: 'R-7K3Q9X', status: 'in_review' } },
        400: { description: 'Unknown category, missing number, message over 2,000 characters, unknown number (but for unknown_meter)...', schema: InvalidAnswer,
          example: { status: 'invalid', errors: [{ field: 'category', message: 'Catégorie inconnue. Choisissez l’une de : not_retained, unknown_meter, code_rejected, not_credited, other.', message_en: 'Unknown category. Choose one of: not_retained, unknown_meter, code_rejected, not_credited, other.' }] } },
        429: { description: 'Abuse limits of one address.', schema: ErrorAnswer },
      },
    },
  };
}

const GET_DOC = {
  summary: 'The state of a grievance',
  description: 'By its ticket (case, spaces and O/0, I/1 forgiven). `reason` is the decider’s answer for the subscriber once decided.',
  tags: ['grievances'],
  responses: {
    200: { description: 'Its state.', schema: GrievanceAnswer, example: { ticket: 'R-7K3Q9X', status: 'accepted', category: 'not_retained', decision: 'accepted', reason: 'Votre foyer est retenu : vous pouvez demander votre crédit.' } },
    404: { description: 'No grievance has this ticket, or it is mistyped (its check character does not match).', schema: ErrorAnswer, example: NOT_FOUND },
    414: { description: 'Not a ticket: far too long.', schema: InvalidAnswer },
    429: { description: 'Abuse limits of one address.', schema: ErrorAnswer },
  },
};

/** The GET route, in a scope of its own so that a ticket longer than any route parameter is a 414 there, not a 404. */
export function registerGrievanceLookup(app: FastifyInstance, grievances: GrievanceService): void {
  void app.register(async (scope) => {
    scope.get<{ Params: { ticket: string } }>('/:ticket', { config: { doc: GET_DOC } }, async (req, reply) => {
      const typed = req.params.ticket;
      if (typed.length > TICKET_ABSURD) return replyWith(reply, errorAnswer('uri_too_long'));
      const l = await grievances.get(typed);
      if (l.kind !== 'found') return replyWith(reply, { status: 404, body: NOT_FOUND });
      return replyWith(reply, { status: 200, body: publicGrievance(l.grievance), headers: NO_STORE });
    });
    scope.setNotFoundHandler((req, reply) => {
      const rest = req.url.split('?')[0].slice('/api/v1/grievances/'.length);
      return replyWith(reply, rest.length > TICKET_ABSURD ? errorAnswer('uri_too_long') : errorAnswer('not_found'));
    });
  }, { prefix: '/api/v1/grievances' });
}
