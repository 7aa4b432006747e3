/** @module How console handlers answer: a page, JSON, a redirect, and the refusals (401, 403, 404) in the form each kind of route expects. */
import type { FastifyReply } from 'fastify';
import { common } from './i18n.js';
import { messagePage } from './layout.js';
import type { RequestContext } from './route.js';

export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** 303 See Other: after a form, the browser GETs the next page (a reload never sends the form twice). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}

export type Refusal = 'not_signed_in' | 'forbidden' | 'csrf' | 'not_found' | 'invalid' | 'internal';

const STATUS: Record<Refusal, number> = { not_signed_in: 401, forbidden: 403, csrf: 403, not_found: 404, invalid: 400, internal: 500 };

const JSON_MESSAGES: Record<Refusal, string> = {
  not_signed_in: 'Connectez-vous à la console : cette adresse demande une session.',
  forbidden: 'Votre rôle ne permet pas cette action.',
  csrf: 'Jeton CSRF absent ou invalide : envoyez le champ csrf ou l’en-tête x-csrf-token de votre session (GET /console/api/session).',
  not_found: 'Rien à cette adresse.',
  invalid: 'La demande est incorrecte.',
  internal: 'Erreur interne : rien n’a été modifié. Réessayez dans un instant.',
};

/** A JSON refusal: `{"status","error","message"}`, the same shape as the public API's. */
export function apiRefusal(reply: FastifyReply, r: Refusal, message?: string): FastifyReply {
  const status = r === 'not_signed_in' ? 'unauthorized' : r === 'invalid' ? 'invalid' : r === 'internal' ? 'error' : 'refused';
  return sendJson(reply, STATUS[r], { status, error: r, message: message ?? JSON_MESSAGES[r] });
}

/** The same refusal as a page, in the operator's language. */
export function pageRefusal(reply: FastifyReply, ctx: RequestContext, demo: boolean, r: Exclude<Refusal, 'not_signed_in'>, text?: string): FastifyReply {
  const c = common(ctx.lang);
  const [title, sentence] = r === 'csrf' ? [c.csrfTitle, c.csrf] : r === 'not_found' ? [c.notFoundTitle, c.notFound]
    : r === 'invalid' ? [c.badRequestTitle, c.error] : r === 'internal' ? [c.errorTitle, c.error] : [c.forbiddenTitle, c.forbidden];
  return sendPage(reply, STATUS[r], messagePage({ ctx, demo, title, text: text ?? sentence }));
}
