/** @module Sign-in, sign-out, the session API, the home redirect and the language switch. */
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../index.js';
import { seeOther, sendJson, sendPage } from './answers.js';
import { safeNext } from './access.js';
import { clearCookie, parseCookies, setCookie } from './cookies.js';
import { apiDoc, formDoc, pageDoc } from './docs.js';
import { LANG_COOKIE } from './i18n.js';
import { homeOf } from './layout.js';
import { LOGIN_COOKIE, LOGIN_TOKEN_TTL_MS, type LoginCsrf } from './login-csrf.js';
import { loginPage } from './pages/login.js';
import { addRoute, operatorOf } from './route.js';
import type { ConsoleWebDeps } from './deps.js';

const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
const field = (body: unknown, name: string): string | undefined => (body && typeof body === 'object' ? first((body as Record<string, unknown>)[name]) : undefined);

export function registerAuthRoutes(app: FastifyInstance, deps: ConsoleWebDeps, loginCsrf: LoginCsrf): void {
  const { services, demo } = deps;

  /** A fresh form: a new nonce cookie each time, so a token seen once (a shared screen) is soon worth nothing. */
  const form = (reply: import('fastify').FastifyReply, secure: boolean) => {
    const t = loginCsrf.issue();
    reply.header('set-cookie', setCookie(LOGIN_COOKIE, t.cookie, { maxAgeS: LOGIN_TOKEN_TTL_MS / 1000, secure }));
    return t.token;
  };

  addRoute(app, {
    method: 'GET', url: '/console/login', permission: 'public', doc: pageDoc('The sign-in form (sets a short-lived cookie for its CSRF token)'),
    handler: async (req, reply, ctx) => {
      const next = safeNext(first((req.query as Record<string, unknown>).next));
      if (await services.session(parseCookies(req.headers.cookie).get(SESSION_COOKIE))) return seeOther(reply, next ?? '/console');
      return sendPage(reply, 200, loginPage({ ctx, demo, token: form(reply, ctx.secure), next }));
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/login', permission: 'public',
    doc: formDoc('Sign in: fields email, password, csrf (from the form)', { 401: { description: 'Refused: one sentence whatever the cause (unknown, wrong password, locked, disabled).', contentType: 'text/html' } }),
    handler: async (req, reply, ctx) => {
      const cookies = parseCookies(req.headers.cookie);
      const email = (field(req.body, 'email') ?? '').slice(0, 320);
      const next = safeNext(field(req.body, 'next'));
      if (!(await loginCsrf.check(cookies.get(LOGIN_COOKIE), field(req.body, 'csrf')))) {
        return sendPage(reply, 403, loginPage({ ctx, demo, token: form(reply, ctx.secure), email, problem: 'expired', next }));
      }
      const r = await services.auth.login(email, field(req.body, 'password') ?? '', { ip: ctx.ip, previousSession: cookies.get(SESSION_COOKIE) });
      if (!r.ok) return sendPage(reply, 401, loginPage({ ctx, demo, token: form(reply, ctx.secure), email, problem: 'failed', next }));
      reply.header('set-cookie', [setCookie(SESSION_COOKIE, r.session, { secure: ctx.secure }), clearCookie(LOGIN_COOKIE, ctx.secure)]);
      return seeOther(reply, next ?? '/console');
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/logout', permission: 'signed_in', doc: formDoc('Sign out: ends the session (field csrf)'),
    handler: async (req, reply, ctx) => {
      await services.auth.logout(parseCookies(req.headers.cookie).get(SESSION_COOKIE) ?? '', { ip: ctx.ip });
      reply.header('set-cookie', clearCookie(SESSION_COOKIE, ctx.secure));
      return seeOther(reply, '/console/login');
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console', permission: 'signed_in', doc: pageDoc('Home: to the first screen the role may use', { 303: { description: 'To that screen, or to /console/login.' } }),
    handler: async (_req, reply, ctx) => {
      return seeOther(reply, homeOf(operatorOf(ctx).account.role));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/api/session', permission: 'signed_in',
    doc: apiDoc('The signed-in account and its CSRF token (CONTRACT §9)', { description: 'The session.', example: { email: 'agent@seeg.ga', role: 'agent', csrf: '…' } }),
    handler: async (_req, reply, ctx) => {
      const s = operatorOf(ctx);
      return sendJson(reply, 200, { email: s.account.email, role: s.account.role, csrf: s.csrf, expires_at: new Date(s.expires_ms).toISOString() });
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/langue', permission: 'public', doc: pageDoc('Language switch: ?to=fr|en, back to the page it came from', { 303: { description: 'Back.' } }),
    handler: async (req, reply, ctx) => {
      const q = req.query as Record<string, unknown>;
      const to = first(q.to) === 'en' ? 'en' : 'fr';
      reply.header('set-cookie', setCookie(LANG_COOKIE, to, { maxAgeS: 365 * 86_400, secure: ctx.secure }));
      // The Referer is not sent (Referrer-Policy: no-referrer): the page names where to come back to, if anywhere.
      return seeOther(reply, safeNext(first(q.back), { login: true }) ?? '/console');
    },
  });
}
