/** @module Operator accounts over HTTP: the list (admin, auditor) and the admin's changes, through the same AccountManager as `guichet users` (which audits them). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AccountRefused } from '../auth/accounts.js';
import { sendPage } from './answers.js';
import type { ConsoleWebDeps } from './deps.js';
import { formDoc, pageDoc } from './docs.js';
import { accountsPage, accountWords } from './pages/accounts.js';
import { addRoute, operatorOf, type RequestContext } from './route.js';

const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
const field = (o: unknown, k: string) => (o && typeof o === 'object' ? first((o as Record<string, unknown>)[k]) ?? '' : '');

export function registerAccountRoutes(app: FastifyInstance, deps: ConsoleWebDeps): void {
  const accounts = deps.services.accounts;
  const page = async (reply: FastifyReply, ctx: RequestContext, status: number, notice: { ok: boolean; text: string } | null) =>
    sendPage(reply, status, accountsPage({ ctx, demo: deps.demo, accounts: await accounts.list(), notice }));
  /** An account change: done, or the manager's reason (in English, as `guichet users` says it) behind a French lead. */
  const change = async (reply: FastifyReply, ctx: RequestContext, fn: (actor: string) => Promise<unknown>) => {
    const t = accountWords(ctx.lang);
    try {
      await fn(operatorOf(ctx).account.email);
      return page(reply, ctx, 200, { ok: true, text: t.done });
    } catch (e) {
      if (!(e instanceof AccountRefused)) throw e;
      return page(reply, ctx, 400, { ok: false, text: `${t.refused} ${e.message}` });
    }
  };

  addRoute(app, {
    method: 'GET', url: '/console/comptes', permission: 'accounts.read', doc: pageDoc('Operator accounts (admin, auditor); the admin\'s forms'),
    handler: async (_req, reply, ctx) => page(reply, ctx, 200, null),
  });
  addRoute(app, {
    method: 'POST', url: '/console/comptes', permission: 'accounts.manage', doc: formDoc('Create an account (fields email, role, password), as guichet users add'),
    handler: async (req, reply, ctx) => change(reply, ctx, (actor) => accounts.add(actor, { email: field(req.body, 'email'), role: field(req.body, 'role'), password: field(req.body, 'password') })),
  });
  addRoute(app, {
    method: 'POST', url: '/console/comptes/desactiver', permission: 'accounts.manage', doc: formDoc('Disable an account and end its sessions (field email), as guichet users disable'),
    handler: async (req, reply, ctx) => {
      const email = field(req.body, 'email');
      // Whoever is signed in keeps a way to run the console: the admin disables others, not itself.
      if (email.trim().toLowerCase() === operatorOf(ctx).account.email) return page(reply, ctx, 400, { ok: false, text: `${accountWords(ctx.lang).refused} you cannot disable your own account here` });
      return change(reply, ctx, (actor) => accounts.disable(actor, email));
    },
  });
  addRoute(app, {
    method: 'POST', url: '/console/comptes/mot-de-passe', permission: 'accounts.manage', doc: formDoc('Set a new password and end the account\'s sessions (fields email, password), as guichet users reset-password'),
    handler: async (req, reply, ctx) => change(reply, ctx, (actor) => accounts.resetPassword(actor, field(req.body, 'email'), field(req.body, 'password'))),
  });
}
