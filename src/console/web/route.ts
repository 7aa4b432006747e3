/**
 * @module How a console route is declared: method, address, the permission it needs, its documentation, its handler.
 * One hook (access.ts) reads the permission of every request's route; a route registered without one is refused to
 * everyone (and the route walk test names it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDoc } from '../../http/json-route.js';
import { PERMISSIONS, type Permission } from '../auth/roles.js';
import type { ActiveSession } from '../auth/sessions.js';
import type { Lang } from './i18n.js';

/** `public`: the sign-in form and the static files; `signed_in`: any role (home, session, sign-out); else a permission of roles.ts. */
export type Access = Permission | 'public' | 'signed_in';

export function isAccess(v: unknown): v is Access {
  return v === 'public' || v === 'signed_in' || (PERMISSIONS as readonly unknown[]).includes(v);
}

/** What Fastify keeps in each console route's `config`. */
export interface ConsoleRouteConfig {
  permission: Access;
  doc: RouteDoc;
}

/** What the access hook learnt about a request, handed to its handler. */
export interface RequestContext {
  /** Null only on public routes. */
  operator: ActiveSession | null;
  lang: Lang;
  /** The client's address as the trusted proxies tell it (for the audit log). */
  ip: string;
  /** Came over TLS (the node's own or a trusted proxy's): cookies get Secure. */
  secure: boolean;
  /** The path and query asked for (the language switch comes back to it). */
  url: string;
}

export interface ConsoleRoute {
  method: 'GET' | 'POST';
  url: string;
  permission: Access;
  doc: RouteDoc;
  /** Body size for this route (forms are small; a programme or an upload is not). */
  bodyLimit?: number;
  handler(req: FastifyRequest, reply: FastifyReply, ctx: RequestContext): Promise<unknown>;
}

const contexts = new WeakMap<FastifyRequest, RequestContext>();

export function setContext(req: FastifyRequest, ctx: RequestContext): void {
  contexts.set(req, ctx);
}

export function contextOf(req: FastifyRequest): RequestContext | undefined {
  return contexts.get(req);
}

/** The signed-in operator of a route that is not public (the hook has made sure of it). */
export function operatorOf(ctx: RequestContext): ActiveSession {
  if (!ctx.operator) throw new Error('operatorOf on a public route');
  return ctx.operator;
}

export function addRoute(app: FastifyInstance, r: ConsoleRoute): void {
  const config: ConsoleRouteConfig = { permission: r.permission, doc: r.doc };
  // Registered under the plugin's /console prefix (so it may have its own not-found handler); declared in full.
  const url = r.url === '/console' ? '/' : r.url.replace(/^\/console/, '');
  app.route({
    method: r.method, url, config, ...(r.bodyLimit ? { bodyLimit: r.bodyLimit } : {}),
    handler: (req, reply) => {
      const ctx = contextOf(req);
      // The hook runs for every console route; no context means it refused, which it has already answered.
      if (!ctx) throw new Error(`console route ${r.method} ${r.url} reached without the access hook`);
      return r.handler(req, reply, ctx);
    },
  });
}

/** `/console/api/...` answers JSON (401 without a session); everything else is a page (303 to the sign-in form). */
export const isApi = (url: string): boolean => url.startsWith('/console/api/');
