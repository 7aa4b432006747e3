/**
 * @module The one gate of the console: every request to a console route passes here. It resolves the session from
 * the cookie, checks the route's declared permission with `can()`, and, for anything but a GET, the session's CSRF
 * token (form field `csrf` or header `x-csrf-token`). Without a session a page redirects (303) to the sign-in form
 * and an API route answers 401; a role without the right, or a missing token, gets 403. A route that declares no
 * permission is refused to everyone: forgetting one can only lock a route, never open it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { SESSION_COOKIE, type ConsoleServices } from '../index.js';
import { can } from '../auth/roles.js';
import { apiRefusal, pageRefusal, seeOther } from './answers.js';
import { clientAddress, overTls, parseCookies } from './cookies.js';
import { CONSOLE_HEADERS } from './headers.js';
import { LANG_COOKIE, pickLang } from './i18n.js';
import { contextOf, isAccess, isApi, setContext, type ConsoleRouteConfig, type RequestContext } from './route.js';

export interface AccessDeps {
  services: ConsoleServices;
  trusted: ReadonlySet<string>;
  demo: boolean;
  logger: Logger;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Where the sign-in form sends the operator afterwards: a console page of this origin, nothing else (no open redirect). */
export function safeNext(v: unknown, o: { login?: boolean } = {}): string | null {
  return typeof v === 'string' && /^\/console(\/[A-Za-z0-9/_\-.]*)?(\?[A-Za-z0-9=&_%\-.+]*)?$/.test(v) && (o.login || !v.startsWith('/console/login'))
    && !v.includes('//') && !v.includes('..') ? v : null;
}

export function installAccess(app: FastifyInstance, deps: AccessDeps): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(CONSOLE_HEADERS);
    const cookies = parseCookies(req.headers.cookie);
    const ctx: RequestContext = {
      operator: null, lang: pickLang(cookies.get(LANG_COOKIE)), ip: clientAddress(req.raw, deps.trusted), secure: overTls(req.raw, deps.trusted), url: req.url,
    };
    const cfg = (req.routeOptions.config ?? {}) as Partial<ConsoleRouteConfig>;
    const url = req.routeOptions.url ?? req.url;
    const api = isApi(url ?? '');
    if (!isAccess(cfg.permission)) {
      // Not found (no route matched) is answered by the not-found handler; a real route without a permission is a bug.
      if (req.routeOptions.url !== undefined) deps.logger.error({ url }, 'console route without a permission: refused');
      if (req.routeOptions.url === undefined) return;
      return refuse(reply, ctx, api, 'forbidden', deps.demo);
    }
    if (cfg.permission !== 'public') {
      const s = await deps.services.session(cookies.get(SESSION_COOKIE));
      if (!s) {
        if (api) return apiRefusal(reply, 'not_signed_in');
        const next = req.method === 'GET' ? safeNext(req.url) : null;
        return seeOther(reply, next && next !== '/console' ? `/console/login?next=${encodeURIComponent(next)}` : '/console/login');
      }
      ctx.operator = s;
      if (cfg.permission !== 'signed_in' && !can(s.account.role, cfg.permission)) return refuse(reply, ctx, api, 'forbidden', deps.demo);
    }
    setContext(req, ctx);
  });

  // After the body is parsed (the token may be a form field); an upload's body is a stream, its token a header.
  app.addHook('preValidation', async (req, reply) => {
    const ctx = contextOf(req);
    if (!ctx || SAFE_METHODS.has(req.method) || ctx.operator === null) return;
    const header = req.headers['x-csrf-token'];
    const body = req.body as Record<string, unknown> | undefined;
    const field = body && typeof body === 'object' && !(Symbol.asyncIterator in body) ? body.csrf : undefined;
    const given = typeof header === 'string' ? header : typeof field === 'string' ? field : Array.isArray(field) ? String(field[0]) : undefined;
    if (!deps.services.csrfOk(ctx.operator, given)) return refuse(reply, ctx, isApi(req.routeOptions.url ?? ''), 'csrf', deps.demo);
  });
}

/** Returned by the hook: Fastify stops the request at a hook that returns the reply it sent. */
function refuse(reply: FastifyReply, ctx: RequestContext, api: boolean, r: 'forbidden' | 'csrf', demo: boolean): FastifyReply {
  return api ? apiRefusal(reply, r) : pageRefusal(reply, ctx, demo, r);
}
