/** @module Test support for the console's web side: the console on a real claim core over a temp SQLite store, an account per role, signed-in clients. */
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { join } from 'node:path';
import { createHttpApp } from '../../../http/app.js';
import { SqliteAsyncStore } from '../../../store/sqlite/async.js';
import { silentLog, subscriber, tempDir } from '../../../test-support/fixtures.js';
import { ROLES, type Role } from '../../auth/roles.js';
import { ConsoleServices, SESSION_COOKIE, type ConsoleOptions } from '../../index.js';
import { FAST } from '../../test-support/services.js';
import { createConsoleWeb, type ConsoleWeb } from '../index.js';
import { ClaimService } from '../../../claims/claim-service.js';
import { RegistryIndex } from '../../../claims/registry-index.js';
import { programmeView } from '../../../claims/programme-view.js';
import { CodePoolIssuer } from '../../../credits/code-pool.js';
import { builtinProgramme } from '../../../programmes/index.js';
import type { Programme } from '../../../domain/programme.js';
import type { ProgrammeView } from '../../../claims/ports.js';
import { SMS_NOT_WIRED_YET } from '../../desk/sms.js';
import { agencyList } from '../../desk/agencies.js';
import type { ConsoleRouteConfig } from '../route.js';
import type { ConsoleWebDeps } from '../deps.js';
import { Grievances } from '../../../grievances/service.js';

export const PASSWORD = 'tortue verte sous la pluie';
export const emailOf = (role: Role): string => `${role}@seeg.ga`;

/** The prepaid subscriber's pool code in phase-1: a test can assert the exact token shown. */
export const POOL_TOKEN = '23716100501183194197';

export const SUBS = [
  subscriber(1, { metering: 'prepaid', holder_name: 'NDONG ESSONO Gisèle', phone: '+24177000001' }),
  subscriber(2, { holder_name: 'MBADINGA Jean-Pierre', phone: '+24166000002' }),
  subscriber(3, { service: 'water', power_kw: null, avg_monthly_use: 12, holder_name: 'OBAME Éloïse', agency: 'Owendo' }),
  subscriber(4, { category: 'professionnel', holder_name: 'Boulangerie du Port', phone: null }),
];

export interface SeenRoute {
  method: string;
  url: string;
  config: Partial<ConsoleRouteConfig>;
}

export interface ConsoleHarness {
  app: FastifyInstance;
  store: SqliteAsyncStore;
  services: ConsoleServices;
  claims: ClaimService;
  index: RegistryIndex;
  web: ConsoleWeb;
  /** The grievance service the console's grievance routes adapt (exceptions learnt by `claims`). */
  grievances: Grievances;
  /** Replaces the programme in force (what a reload after a save does on a node). */
  setProgramme(p: Programme): void;
  /** Every route registered under /console, as Fastify saw it. */
  routes: SeenRoute[];
  dir: string;
  /** Signs in through the real form: the session cookie and the session's CSRF token. */
  login(role: Role): Promise<Client>;
  /** A session made directly (no audit entry, no scrypt): for tests that need many. */
  session(role: Role): Promise<Client>;
  close(): Promise<void>;
}

export interface Client {
  cookie: string;
  csrf: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A form post; the session's csrf is added unless `csrf: null`. */
  post(url: string, form?: Record<string, string>, o?: { csrf?: string | null }): Promise<LightMyRequestResponse>;
}

export interface HarnessOptions {
  console?: ConsoleOptions;
  trusted?: string[];
  demo?: boolean;
  extra?: Partial<ConsoleWebDeps>;
}

export async function consoleHarness(o: HarnessOptions = {}): Promise<ConsoleHarness> {
  const t = tempDir('guichet-console-web-');
  const store = SqliteAsyncStore.open(join(t.dir, 'guichet.db'));
  await store.subscribers.upsertBatch(SUBS);
  await store.codes.addCodes([{ meter_no: SUBS[0].meter_no, cycle: 'phase-1', token: POOL_TOKEN, units_tenths: 4166 }], '2020-04-01T00:00:00Z');
  const index = new RegistryIndex();
  for await (const s of store.subscribers.iterateAll()) index.put(s);
  let view: ProgrammeView = programmeView(builtinProgramme());
  const claims = await ClaimService.create({ index, store: store.claims, issuer: await CodePoolIssuer.fromStore(store.codes), programme: () => view });
  const services = ConsoleServices.open(store, { params: FAST, ...o.console });
  for (const r of ROLES) await services.accounts.add('cli:test', { email: emailOf(r), role: r, password: PASSWORD });
  const app = createHttpApp({ logger: silentLog });
  const routes: SeenRoute[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
      if (m !== 'HEAD' && r.url.startsWith('/console')) routes.push({ method: m, url: r.url, config: (r.config ?? {}) as Partial<ConsoleRouteConfig> });
    }
  });
  const grievances = new Grievances({
    store, locate: (who) => claims.locate(who), programme: () => view, clock: o.extra?.now, onException: (e) => claims.learnException(e),
  });
  const web = await createConsoleWeb({
    services, store, logger: silentLog, trusted: new Set(o.trusted ?? ['127.0.0.1']), demo: o.demo ?? false,
    claims, programme: () => view, sms: SMS_NOT_WIRED_YET, agencies: agencyList(() => index.all()), room: null,
    reloadProgramme: async () => {
      const p = await store.programmes.latest();
      if (p) view = programmeView(p);
    },
    registry: () => index.all(), grievances, ...o.extra,
  });
  web.register(app);
  await app.ready();

  const client = (cookie: string, csrf: string): Client => ({
    cookie, csrf,
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
    post: (url, form = {}, opts = {}) => {
      const fields = opts.csrf === null ? form : { csrf: opts.csrf ?? csrf, ...form };
      return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
    },
  });

  return {
    app, store, services, routes, dir: t.dir, claims, index, web, grievances,
    setProgramme: (p) => void (view = programmeView(p)),
    async login(role) {
      const form = await app.inject({ method: 'GET', url: '/console/login' });
      const loginCookie = cookieFrom(form, 'guichet_login');
      const token = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const r = await app.inject({
        method: 'POST', url: '/console/login', headers: { cookie: `guichet_login=${loginCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: emailOf(role), password: PASSWORD, csrf: token }).toString(),
      });
      if (r.statusCode !== 303) throw new Error(`login as ${role}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      const cookie = `${SESSION_COOKIE}=${cookieFrom(r, SESSION_COOKIE)}`;
      const s = await app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie } });
      return client(cookie, (s.json() as { csrf: string }).csrf);
    },
    async session(role) {
      const account = (await store.console.accounts.byEmail(emailOf(role)))!;
      const s = await services.sessions.create(account.id);
      return client(`${SESSION_COOKIE}=${s.id}`, s.csrf);
    },
    close: async () => {
      web.close();
      await app.close();
      await claims.drain();
      await store.close();
      t.cleanup();
    },
  };
}

/** The value a Set-Cookie of this answer gives `name` (empty when it clears it). */
export function cookieFrom(r: LightMyRequestResponse, name: string): string {
  const raw = r.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  const c = all.find((x) => x.startsWith(`${name}=`));
  if (c === undefined) throw new Error(`no ${name} cookie set (status ${r.statusCode})`);
  return c.slice(name.length + 1).split(';')[0];
}

export function setCookieHeader(r: LightMyRequestResponse, name: string): string | undefined {
  const raw = r.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return all.find((x) => x.startsWith(`${name}=`));
}
