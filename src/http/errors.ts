/**
 * @module The catalogue of the answers the HTTP kit gives by itself (bad JSON, too large, rate limited, unavailable,
 * not found, internal error...), each with a stable id integrators can match on and words a person can act on.
 */

export type ErrorId =
  | 'bad_json' | 'body_too_large' | 'unsupported_media_type' | 'malformed_request' | 'invalid_request'
  | 'rate_limited' | 'too_many_connections' | 'unavailable' | 'internal' | 'not_found' | 'method_not_allowed'
  | 'forbidden' | 'uri_too_long' | 'closing';

interface Entry {
  status: number;
  /** The `status` field of the JSON body (docs/api.md: `invalid` for every 400). */
  kind: 'invalid' | 'rate_limited' | 'unavailable' | 'error' | 'not_found' | 'forbidden';
  fr: string;
  en: string;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

export const ERRORS: Readonly<Record<ErrorId, Entry>> = {
  bad_json: { status: 400, kind: 'invalid', fr: 'Le corps de la demande n’est pas du JSON valide.', en: 'The request body is not valid JSON.' },
  body_too_large: { status: 400, kind: 'invalid', fr: 'La demande est trop volumineuse.', en: 'The request is too large.' },
  unsupported_media_type: { status: 400, kind: 'invalid', fr: 'Envoyez la demande en JSON (Content-Type: application/json).', en: 'Send the request as JSON (Content-Type: application/json).' },
  malformed_request: { status: 400, kind: 'invalid', fr: 'La demande est mal formée.', en: 'The request is malformed.' },
  invalid_request: { status: 400, kind: 'invalid', fr: 'La demande comporte des erreurs.', en: 'The request has errors.' },
  rate_limited: { status: 429, kind: 'rate_limited', fr: 'Trop de demandes depuis votre adresse. Patientez quelques secondes avant de réessayer.', en: 'Too many requests from your address. Wait a few seconds before trying again.' },
  too_many_connections: { status: 429, kind: 'rate_limited', fr: 'Trop de connexions ouvertes depuis votre adresse. Fermez-en quelques-unes et réessayez.', en: 'Too many open connections from your address. Close some and try again.', retryAfter: 10 },
  unavailable: { status: 503, kind: 'unavailable', fr: 'Le service est momentanément indisponible. Votre demande n’a pas été enregistrée : réessayez dans quelques secondes.', en: 'The service is unavailable for a moment. Your request was not recorded: try again in a few seconds.', retryAfter: 5 },
  closing: { status: 503, kind: 'unavailable', fr: 'Ce serveur s’arrête. Réessayez dans quelques secondes.', en: 'This server is stopping. Try again in a few seconds.', retryAfter: 2 },
  internal: { status: 500, kind: 'error', fr: 'Erreur interne. Réessayez dans un instant.', en: 'Internal error. Try again in a moment.' },
  not_found: { status: 404, kind: 'not_found', fr: 'Aucune ressource à cette adresse.', en: 'Nothing at this address.' },
  method_not_allowed: { status: 405, kind: 'not_found', fr: 'Cette adresse ne prend pas cette méthode.', en: 'This address does not take this method.' },
  forbidden: { status: 403, kind: 'forbidden', fr: 'Accès refusé.', en: 'Access refused.' },
  uri_too_long: { status: 414, kind: 'invalid', fr: 'L’adresse demandée est trop longue.', en: 'The address is too long.' },
};

/** What an HTTP edge sends: status, a JSON body, and the headers that go with it. */
export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * `body` already written as JSON by the route, byte for byte what JSON.stringify(body) gives (the claim's answer,
   * on the hot path). An answer made from another with a different body must not carry it over.
   */
  json?: string;
  /** What went wrong behind a 5xx, for the log line only (never sent). */
  fault?: unknown;
}

/**
 * The JSON of a catalogued error. A 400 keeps the API's shape (docs/api.md) (`errors: [{field, message}]`); a 5xx names the
 * request id, so a person calling the utility can quote it and the operator find the log line.
 */
export function errorAnswer(id: ErrorId, requestId?: string): HttpAnswer {
  const e = ERRORS[id];
  const body = e.kind === 'invalid'
    ? { status: e.kind, error: id, errors: [{ field: 'body', message: e.fr }] }
    : { status: e.kind, error: id, message: e.fr, ...(e.status >= 500 && requestId ? { request_id: requestId } : {}) };
  return { status: e.status, body, headers: e.retryAfter ? { 'retry-after': String(e.retryAfter) } : undefined };
}
