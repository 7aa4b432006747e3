/** @module What the API document says of console routes: tagged `console`, each answer in a line. */
import type { RouteDoc } from '../../http/json-route.js';

type Responses = RouteDoc['responses'];

const PAGE = { contentType: 'text/html' };

/** A console page: 200, 303 to the sign-in form without a session, 403 for a role without the right. */
export function pageDoc(summary: string, extra: Responses = {}): RouteDoc {
  return {
    summary, tags: ['console'],
    responses: { 200: { description: 'The page.', ...PAGE }, 303: { description: 'Not signed in: to /console/login.' }, 403: { description: 'The role lacks the right, or (POST) no valid csrf.', ...PAGE }, ...extra },
  };
}

/** A state-changing form: 303 to the page that shows the result. */
export function formDoc(summary: string, extra: Responses = {}): RouteDoc {
  return {
    summary, description: 'Form field `csrf` (or header `x-csrf-token`) required.', tags: ['console'],
    responses: { 303: { description: 'Done (or not signed in: to /console/login).' }, 400: { description: 'The form has a problem, said on the page.', ...PAGE }, 403: { description: 'The role lacks the right, or no valid csrf.', ...PAGE }, ...extra },
  };
}

/** A JSON route under /console/api/: 401 without a session. */
export function apiDoc(summary: string, ok: { description: string; example?: unknown }, extra: Responses = {}): RouteDoc {
  return {
    summary, tags: ['console'],
    responses: { 200: ok, 401: { description: 'No valid session cookie.', example: { status: 'unauthorized', error: 'not_signed_in' } }, 403: { description: 'The role lacks the right, or (POST) no valid x-csrf-token.' }, ...extra },
  };
}
