/** @module Test support for the USSD channel: the app with a real claim core (SQLite, subscribers of every kind), a recording follow-up, a form poster. */
import type { FastifyInstance } from 'fastify';
import { stringify } from 'node:querystring';
import { ClaimService, type ClaimServiceStore } from '../../../claims/claim-service.js';
import { RegistryIndex } from '../../../claims/registry-index.js';
import { programmeView } from '../../../claims/programme-view.js';
import type { ClaimRequest } from '../../../claims/request.js';
import { CodePoolIssuer } from '../../../credits/code-pool.js';
import type { Programme } from '../../../domain/programme.js';
import { createHttpApp } from '../../../http/app.js';
import type { AddressGuard } from '../../../http/guard.js';
import { Metrics } from '../../../http/metrics.js';
import { builtinProgramme } from '../../../programmes/index.js';
import { buildApp } from '../../../server/app.js';
import { SqliteAsyncStore } from '../../../store/sqlite/async.js';
import { SqliteSubscriberRepo } from '../../../store/sqlite/subscribers.js';
import { silentLog, storeWith, tempDir } from '../../../test-support/fixtures.js';
import { POOL_TOKEN, POOL_TOKEN_WATER, SUBS } from '../../web/test-support/harness.js';
import type { QueuedOutcome, UssdFollowUp } from '../follow-up.js';
import type { GrievanceService } from '../../../grievances/port.js';
import { Grievances } from '../../../grievances/service.js';
import { registerUssdRoutes, USSD_PATH, type UssdClaims } from '../routes.js';

export { POOL_TOKEN, POOL_TOKEN_WATER, SUBS };

/** A follow-up that records what it is handed (the lead's SMS outbox stands here in production). */
export interface RecordingFollowUp extends UssdFollowUp {
  calls: { req: ClaimRequest; q: QueuedOutcome }[];
}

export function recordingFollowUp(smsFollows = true): RecordingFollowUp {
  const calls: RecordingFollowUp['calls'] = [];
  return { smsFollows, calls, queued: (req, q) => void calls.push({ req, q }) };
}

export interface UssdHarness {
  app: FastifyInstance;
  claims: ClaimService;
  programme: Programme;
  followUp: RecordingFollowUp;
  grievances: GrievanceService | null;
  close(): Promise<void>;
}

export interface HarnessOptions {
  demo?: boolean;
  smsFollows?: boolean;
  failCommits?: boolean;
  /** The real grievance service over this harness's store and claims (an accepted exception lets the claim through). */
  grievances?: boolean;
}

/** The node's app (API, kit, USSD routes) on a real claim core: SQLite file, the built-in programme, a code pool. */
export async function ussdHarness(o: HarnessOptions = {}): Promise<UssdHarness> {
  const t = tempDir('guichet-ussd-');
  const store = storeWith(t.dir, SUBS);
  const insert = store.db.prepare(`INSERT INTO code_pool (meter_no, cycle, token, units_tenths, imported_at) VALUES (?, 'phase-1', ?, ?, '2020-04-01')`);
  insert.run(SUBS[0].meter_no, POOL_TOKEN, 4166);
  insert.run(SUBS[4].meter_no, POOL_TOKEN_WATER, 535);
  const programme = builtinProgramme();
  const view = programmeView(programme);
  const base = new SqliteAsyncStore(store);
  const claimStore: ClaimServiceStore = o.failCommits
    ? { commitCredits: async () => { throw new Error('disk I/O error'); }, creditsForReplay: () => base.claims.creditsForReplay(), spendByCycle: () => base.claims.spendByCycle() }
    : base.claims;
  const claims = await ClaimService.create({
    index: new RegistryIndex(new SqliteSubscriberRepo(store.db).iterateAll()),
    store: claimStore, issuer: CodePoolIssuer.fromSqlite(store.db), programme: () => view, exceptions: base.grievances,
  });
  const followUp = recordingFollowUp(o.smsFollows ?? true);
  const grievances = o.grievances ? new Grievances({ store: base, locate: (w) => claims.locate(w), programme: () => view, onException: (e) => claims.learnException(e) }) : null;
  const app = buildApp({
    claims, store: base, metrics: new Metrics({ runtime: false }), logger: silentLog,
    plugins: [(a) => registerUssdRoutes(a, { claims, logger: silentLog, programme: () => programme, demo: o.demo ?? false, followUp, grievances })],
  });
  return {
    app, claims, programme, followUp, grievances,
    close: async () => {
      await app.close();
      store.close();
      t.cleanup();
    },
  };
}

/** The kit's app with only the USSD routes, on any claims (a stub that answers `queued` or `unavailable`). */
export function bareUssdApp(claims: UssdClaims, followUp: UssdFollowUp, o: { guard?: AddressGuard } = {}): FastifyInstance {
  const app = createHttpApp({ logger: silentLog, guard: o.guard });
  registerUssdRoutes(app, { claims, logger: silentLog, programme: builtinProgramme, demo: false, followUp });
  return app;
}

export interface Fields {
  sessionId?: string;
  serviceCode?: string;
  phoneNumber?: string;
  networkCode?: string;
  text?: string;
}

/** The fields a gateway sends, with `text` as given. */
export const gateway = (text: string, over: Fields = {}): Fields => ({ sessionId: 'ATUid_test1', serviceCode: '*855#', phoneNumber: '+24177123456', networkCode: '62120', text, ...over });

export function postForm(app: FastifyInstance, fields: Record<string, string | undefined> | string) {
  const payload = typeof fields === 'string' ? fields : stringify(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string>);
  return app.inject({ method: 'POST', url: USSD_PATH, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** The screen a session's inputs lead to (one request: the state is in `text`). */
export const screenAfter = async (app: FastifyInstance, inputs: string[], over: Fields = {}) => (await postForm(app, gateway(inputs.join('*'), over) as Record<string, string>)).body;
