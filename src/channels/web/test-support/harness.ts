/** @module Test support for the web channel: a real claim service on a temp SQLite file, subscribers of every kind. */
import type { FastifyInstance } from 'fastify';
import { ClaimService } from '../../../claims/claim-service.js';
import { RegistryIndex } from '../../../claims/registry-index.js';
import { programmeView } from '../../../claims/programme-view.js';
import { SqliteAsyncStore } from '../../../store/sqlite/async.js';
import type { ClaimServiceStore } from '../../../claims/claim-service.js';
import type { Programme } from '../../../domain/programme.js';
import { builtinProgramme } from '../../../programmes/index.js';
import { CodePoolIssuer } from '../../../credits/code-pool.js';
import { SqliteSubscriberRepo } from '../../../store/sqlite/subscribers.js';
import { buildApp } from '../../../server/app.js';
import { Metrics } from '../../../http/metrics.js';
import { silentLog, storeWith, subscriber, tempDir } from '../../../test-support/fixtures.js';
import { registerWebRoutes } from '../routes.js';
import { errorPage } from '../pages/error.js';
import type { DemoSamples } from '../pages/home.js';
import type { GrievanceService } from '../../../grievances/port.js';
import { Grievances } from '../../../grievances/service.js';

/** The subscribers the tests type in, one of each kind the page must answer. */
export const SUBS = [
  subscriber(1, { metering: 'prepaid' }),
  subscriber(2),
  subscriber(3, { service: 'water', power_kw: null, avg_monthly_use: 12 }),
  subscriber(4, { category: 'professionnel' }),
  subscriber(5, { metering: 'prepaid', service: 'water', power_kw: null, avg_monthly_use: 12 }),
  // Social tariff, 3 kW: phase 1 does not retain it, phase 2 (social, up to 3 kW) would.
  subscriber(6, { power_kw: 3 }),
];
/** The pool codes, so a test can assert the exact code shown (the STS engine is tested on its own). */
export const POOL_TOKEN = '23716100501183194197';
export const POOL_TOKEN_WATER = '12345678901234567890';

export const SAMPLES: DemoSamples = {
  prepaid: [SUBS[0].meter_no], postpaid: [SUBS[1].meter_no], water: [SUBS[2].meter_no], not_retained: [SUBS[3].meter_no],
};

export interface WebHarness {
  app: FastifyInstance;
  claims: ClaimService;
  programme: Programme;
  grievances: GrievanceService | null;
  store: SqliteAsyncStore;
  close(): Promise<void>;
}


export interface HarnessOptions {
  demo?: boolean;
  /** Replace the store's commit (to simulate a disk fault). */
  failCommits?: boolean;
  /** The real grievance service over this harness's store and claims (an accepted exception lets the claim through). */
  grievances?: boolean;
}

export async function webHarness(opts: HarnessOptions = {}): Promise<WebHarness> {
  const t = tempDir('guichet-web-');
  const store = storeWith(t.dir, SUBS);
  const insert = store.db.prepare(`INSERT INTO code_pool (meter_no, cycle, token, units_tenths, imported_at) VALUES (?, 'phase-1', ?, ?, '2020-04-01')`);
  insert.run(SUBS[0].meter_no, POOL_TOKEN, 4166);
  insert.run(SUBS[4].meter_no, POOL_TOKEN_WATER, 535);
  const programme = builtinProgramme();
  const view = programmeView(programme);
  const base = new SqliteAsyncStore(store);
  const claimStore: ClaimServiceStore = opts.failCommits
    ? { commitCredits: async () => { throw new Error('disk I/O error'); }, creditsForReplay: () => base.claims.creditsForReplay(), spendByCycle: () => base.claims.spendByCycle() }
    : base.claims;
  const claims = await ClaimService.create({
    index: new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll()),
    store: claimStore, issuer: CodePoolIssuer.fromSqlite(store.db), programme: () => view, exceptions: base.grievances,
  });
  const metrics = new Metrics({ runtime: false });
  const grievances = opts.grievances ? new Grievances({ store: base, locate: (w) => claims.locate(w), programme: () => view, onException: (e) => claims.learnException(e) }) : null;
  const app = buildApp({
    claims, store: base, metrics, logger: silentLog,
    errorPage: (id, lang) => errorPage(id, lang, opts.demo !== false),
    plugins: [(a) => registerWebRoutes(a, { claims, logger: silentLog, programme: () => programme, demo: opts.demo === false ? null : { samples: SAMPLES }, grievances })],
  });
  return {
    app, claims, programme, grievances, store: base,
    close: async () => {
      await app.close();
      store.close();
      t.cleanup();
    },
  };
}

/** Every page's invariants: small, no script, one h1, a language, every visible field labelled, the DÉMO banner when demo. */
export function checkPage(body: string, o: { lang: 'fr' | 'en'; demo: boolean }): void {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(body);
  if (bytes >= 30 * 1024) problems.push(`page is ${bytes} bytes (limit 30 KB)`);
  if (!body.startsWith('<!doctype html>')) problems.push('no doctype');
  if (!body.includes(`<html lang="${o.lang}">`)) problems.push(`no <html lang="${o.lang}">`);
  if (/<script/i.test(body)) problems.push('a script element');
  if (/\son[a-z]+=/i.test(body)) problems.push('an event handler attribute');
  if (/\sstyle=/i.test(body)) problems.push('a style attribute (the CSP allows only the hashed stylesheet)');
  if (/(src|href)="(https?:)?\/\//i.test(body)) problems.push('a third-party asset or link');
  const h1 = body.match(/<h1[\s>]/g)?.length ?? 0;
  if (h1 !== 1) problems.push(`${h1} h1 elements`);
  for (const m of body.matchAll(/<input type="(text|tel)" id="([^"]+)"/g)) {
    if (!body.includes(`<label for="${m[2]}">`)) problems.push(`input #${m[2]} has no label`);
  }
  const banner = body.includes('<p class="demo" role="note">');
  if (o.demo !== banner) problems.push(o.demo ? 'no DÉMO banner in demo mode' : 'a DÉMO banner outside demo mode');
  if (problems.length) throw new Error(`page check failed: ${problems.join('; ')}`);
}

