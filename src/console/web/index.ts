/**
 * @module The operators' console on the web (CONTRACT §9): one encapsulated Fastify plugin under /console, served on
 * the node's main port or on an address of its own (node.ts). Every route goes through the one access hook.
 */
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance } from 'fastify';
import { logFault } from '../../http/faults.js';
import { installAccess } from './access.js';
import { apiRefusal, pageRefusal } from './answers.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerDeskRoutes } from './desk-routes.js';
import { registerGrievanceApi } from './grievance-routes.js';
import { registerGrievancePages } from './grievance-pages.js';
import { registerLiveRoutes } from './live-routes.js';
import { registerProgrammeRoutes } from './programme-routes.js';
import { registerFileRoutes } from './file-routes.js';
import { registerAccountRoutes } from './account-routes.js';
import { ImportJobs } from '../files/imports.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followAdmitRate } from '../programmes/admit-rate.js';
import { LiveFeed } from '../live/feed.js';
import { LiveTally } from '../live/tally.js';
import { clientAddress, overTls, parseCookies } from './cookies.js';
import type { ConsoleWebDeps } from './deps.js';
import { CONSOLE_HEADERS } from './headers.js';
import { LANG_COOKIE, pickLang } from './i18n.js';
import { LoginCsrf } from './login-csrf.js';
import { isApi, type RequestContext } from './route.js';
import { registerStaticRoutes } from './static-routes.js';

export type { ConsoleWebDeps } from './deps.js';

/** Forms are small; a programme in the JSON editor is the largest a form gets. */
const FORM_LIMIT = 256 * 1024;

/** What the node registers: made once (it reads the sign-in secret and the credit totals from the store), registered on one app. */
export interface ConsoleWeb {
  register(app: FastifyInstance): void;
  /** The dashboard's stream (tests read its viewers and how many snapshots it computed). */
  feed: LiveFeed;
  jobs: ImportJobs;
  close(): void;
}

/** On PostgreSQL other nodes issue too: the dashboard's totals are read again from the store this often while watched. */
const RESYNC_MS = 30_000;

export async function createConsoleWeb(deps: ConsoleWebDeps): Promise<ConsoleWeb> {
  const now = () => (deps.now ?? (() => new Date()))().getTime();
  const loginCsrf = await LoginCsrf.open(deps.store, now);
  const tally = new LiveTally();
  const stopObserving = deps.claims.observe((_req, o) => tally.observe(o));
  const resync = async () => {
    const before = tally.snapshotDelta();
    tally.setBase(await deps.store.claims.totals(), before);
  };
  await resync();
  const feed = new LiveFeed({ tally, programme: deps.programme, room: deps.room, spend: () => deps.store.claims.spendByCycle(), sms: deps.sms, now });
  feed.start();
  // Uploads wait here for their import, and the rejects for their download; gone with the node.
  const dir = mkdtempSync(join(tmpdir(), 'guichet-console-imports-'));
  const jobs = new ImportJobs({ store: deps.store, audit: deps.services.audit, dir, now: () => new Date(now()) });
  const room = deps.room;
  const stopRate = room?.setAdmitRate ? followAdmitRate(deps.store, (r) => room.setAdmitRate!(r), deps.logger) : () => {};
  const timer = deps.store.engine === 'postgres'
    ? setInterval(() => void (feed.viewerCount > 0 && resync().catch((e: unknown) => deps.logger.warn({ err: String(e) }, 'console: dashboard totals not refreshed'))), RESYNC_MS)
    : null;
  timer?.unref();
  return {
    register: (app) => registerConsole(app, deps, loginCsrf, feed, jobs), feed, jobs,
    close: () => {
      stopObserving();
      stopRate();
      feed.stop();
      if (timer) clearInterval(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function registerConsole(app: FastifyInstance, deps: ConsoleWebDeps, loginCsrf: LoginCsrf, feed: LiveFeed, jobs: ImportJobs): void {
  void app.register(async (c) => {
    // An upload's body is left a stream: the import reads it to a file as it arrives (file-routes.ts), never whole in memory.
    c.addContentTypeParser(['text/csv', 'application/octet-stream'], (_req, payload, done) => done(null, payload));
    c.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT },
      (_req, body, done) => done(null, parseQuery(body as string)));
    installAccess(c, deps);
    const bareCtx = (req: import('fastify').FastifyRequest): RequestContext => ({
      operator: null, lang: pickLang(parseCookies(req.headers.cookie).get(LANG_COOKIE)), ip: clientAddress(req.raw, deps.trusted),
      secure: overTls(req.raw, deps.trusted), url: req.url,
    });
    c.setNotFoundHandler((req, reply) => {
      reply.headers(CONSOLE_HEADERS);
      return isApi(req.url) ? apiRefusal(reply, 'not_found') : pageRefusal(reply, bareCtx(req), deps.demo, 'not_found');
    });
    c.setErrorHandler((err, req, reply) => {
      reply.headers(CONSOLE_HEADERS);
      const code = (err as { statusCode?: number }).statusCode;
      const api = isApi(req.url);
      if (typeof code === 'number' && code >= 400 && code < 500) {
        return api ? apiRefusal(reply, 'invalid', 'La demande est mal formée ou trop volumineuse.') : pageRefusal(reply, bareCtx(req), deps.demo, 'invalid');
      }
      logFault(deps.logger, { requestId: req.id, method: req.method, url: req.url, status: 500, err });
      return api ? apiRefusal(reply, 'internal') : pageRefusal(reply, bareCtx(req), deps.demo, 'internal');
    });
    registerStaticRoutes(c);
    registerAuthRoutes(c, deps, loginCsrf);
    registerAuditRoutes(c, deps);
    registerDeskRoutes(c, deps);
    registerGrievancePages(c, deps);
    registerLiveRoutes(c, feed, deps.demo);
    registerProgrammeRoutes(c, deps);
    registerFileRoutes(c, deps, jobs);
    registerAccountRoutes(c, deps);
    if (deps.grievances) registerGrievanceApi(c, deps.grievances, deps.services.audit);
  }, { prefix: '/console' });
}
