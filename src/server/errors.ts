/** @module One place that turns every error into an answer: plain words, never a stack trace, never a 5xx for input. */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { StoreUnavailable } from '../claims/claim-service.js';

/** The fixed answers, shared by the Fastify routes and the direct claim path (src/claims/fast-route.ts). */
export const BAD_JSON = 'Le corps de la demande n’est pas du JSON valide.';
export const UNAVAILABLE = {
  status: 'unavailable',
  message: 'Le service est momentanément indisponible. Votre demande n’a pas été enregistrée : réessayez dans quelques secondes.',
} as const;
export const INTERNAL = { status: 'error', message: 'Erreur interne. Réessayez dans un instant.' } as const;
export const RATE_LIMITED = {
  status: 'rate_limited',
  message: 'Trop de demandes depuis votre adresse. Patientez quelques secondes avant de réessayer.',
} as const;

/** Framework errors caused by the request itself, in the words a subscriber or integrator can act on. */
function inputProblem(e: FastifyError): string | null {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return BAD_JSON;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'La demande est trop volumineuse.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'Envoyez la demande en JSON (Content-Type: application/json).';
    default:
      if (e instanceof SyntaxError) return BAD_JSON;
      return typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500
        ? 'La demande est mal formée.'
        : null;
  }
}

export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof StoreUnavailable) {
      log.error({ err: err.cause instanceof Error ? err.cause.message : String(err.cause) }, 'store unavailable');
      return reply.code(503).header('retry-after', '5').send(UNAVAILABLE);
    }
    const problem = inputProblem(err);
    if (problem !== null) {
      return reply.code(400).send({ status: 'invalid', errors: [{ field: 'body', message: problem }] });
    }
    log.error({ err: err.message, code: err.code }, 'unexpected error');
    return reply.code(500).send(INTERNAL);
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ status: 'not_found', message: `Aucune ressource à l’adresse ${req.url.slice(0, 200)}.` });
  });
}
