/** @module Starts a node: open the store, load registry and programme into memory, wire the claim core, its channels and the HTTP kit, listen. */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServeConfig } from '../config/config.js';
import type { Store } from '../store/contract.js';
import { ClaimService } from '../claims/claim-service.js';
import { RegistryIndex } from '../claims/registry-index.js';
import { LISTEN_BACKLOG } from '../http/accept.js';
import { acceptHandlesReady } from '../http/app.js';
import { AddressGuard } from '../http/guard.js';
import { Metrics } from '../http/metrics.js';
import { demoSamples, ensureDemo } from '../demo/bootstrap.js';
import { openStore } from '../store/open.js';
import { registerWebRoutes } from '../channels/web/routes.js';
import { registerUssdRoutes } from '../channels/ussd/routes.js';
import { noSmsFollowUp, smsFollowUp } from '../channels/ussd/follow-up.js';
import { errorPage } from '../channels/web/pages/error.js';
import { registerSmsDemo } from '../channels/sms/demo-page.js';
import { creditNotice } from '../channels/sms/texts.js';
import { ActiveProgramme } from './active-programme.js';
import { buildApp } from './app.js';
import { Grievances } from '../grievances/service.js';
import { openIssuer } from './issuer.js';
import { Refresher } from './refresher.js';
import { RegistryWatcher } from './registry-watcher.js';
import { openRoom, type NodeRoom } from './room.js';
import { startSms, type NodeSms } from './sms.js';
import { openConsole, type ConsoleNode } from '../console/web/node.js';
import { outboxSmsHistory, SMS_NOT_WIRED_YET } from '../console/desk/sms.js';
import { agencyList } from '../console/desk/agencies.js';

export interface RunningNode {
  app: FastifyInstance;
  url: string;
  store: Store;
  claims: ClaimService;
  metrics: Metrics;
  demo: boolean;
  sms: NodeSms;
  /** The operators' console: on the main port, or on its own (`console.url`). */
  console: ConsoleNode;
  /** Grievances (CONTRACT §10): the service every channel and the console adapt. */
  grievances: Grievances;
  close(): Promise<void>;
}

export async function startNode(cfg: ServeConfig, log: Logger): Promise<RunningNode> {
  // PostgreSQL unreachable, wrong password, missing database: a PgConnectError, told in one line by the command.
  const store = await openStore(cfg, { purpose: 'node' });
  let refresher: Refresher | null = null;
  let room: NodeRoom | null = null;
  let sms: NodeSms | null = null;
  let consoleNode: ConsoleNode | null = null;
  try {
    const demo = cfg.demo ? await store.alone(() => ensureDemo(store, log)) : (await store.setting('demo')) === '1';
    const programme = await ActiveProgramme.load(store.programmes, log);
    const t0 = performance.now();
    const watcher = new RegistryWatcher(store.subscribers);
    const index = new RegistryIndex([], await store.subscribers.count());
    await watcher.each((s) => index.put(s));
    index.loaded();
    log.info({ subscribers: index.size, ms: Math.round(performance.now() - t0) }, 'registry loaded into memory');
    const issuer = await openIssuer(cfg, store, demo, log);
    const metrics = new Metrics();
    room = await openRoom(store, { admitRate: cfg.admitRate, cycle: programme.view().defaultCycle(), log, metrics });
    const line = room.room;
    sms = await startSms({ env: cfg.smsEnv, demo, programme: () => programme.current(), store, log, metrics });
    const texts = sms;

    // The replay map and the spend are read once here; afterwards only the commit touches the store.
    const claims = await ClaimService.create({
      index, store: store.claims, issuer, programme: () => programme.view(), room: line,
      onBatch: (n, s) => {
        metrics.batch(n, s);
        texts.wake();
      },
      onOutcome: (channel, outcome, s) => metrics.claim(channel, outcome, s),
      notices: texts.notices,
      exceptions: store.grievances,
    });
    store.releaseReadCache?.();
    const grievances = new Grievances({
      store, locate: (who) => claims.locate(who), programme: () => programme.view(), issuer: issuer?.name === 'sts' ? issuer : null,
      onException: (e) => claims.learnException(e), sms: texts.notices ? { signature: texts.signature } : null, onQueued: () => texts.wake(),
    });
    texts.attach(claims, grievances);
    metrics.gauge('guichet_subscribers', 'Subscribers in the in-memory registry.', () => index.size);
    metrics.gauge('guichet_credits', 'Credits issued (all cycles).', () => claims.creditCount);
    metrics.gauge('guichet_waiting', 'People waiting in line (not yet called).', () => line.stats().waiting);
    metrics.gauge('guichet_waiting_line_bytes', 'Bytes the waiting line holds (its typed arrays).', () => line.stats().memory_bytes);
    metrics.gauge('guichet_admission_rate', 'Claims per second the line moves at (ETAs are computed with it).', () => line.stats().rate_admitted);
    const samples = demo ? demoSamples(index, programme.view()) : null;

    const trusted = new Set(cfg.trustedAddresses);
    const guard = new AddressGuard({
      ratePerSecond: cfg.perAddressRate, burst: cfg.perAddressRate * 2, maxConnectionsPerAddress: cfg.perAddressConnections, trusted,
    });
    metrics.counter('guichet_rate_limited_total', 'Requests answered 429 by the per-address abuse limits.', () => guard.limited);
    consoleNode = await openConsole({
      store, logger: log, trusted, demo, listen: cfg.consoleListen, guard, headersTimeoutMs: cfg.headersTimeoutMs,
      claims, programme: () => programme.view(),
      sms: texts.notices ? outboxSmsHistory({ outbox: store.sms, notice: (credit, sub) => creditNotice(credit, sub, programme.current(), texts.signature) }) : SMS_NOT_WIRED_YET, agencies: agencyList(() => index.all()), room: line,
      reloadProgramme: () => programme.refresh(), registry: () => index.all(), grievances,
    });
    const consolePlugin = consoleNode.plugin;
    const app = buildApp({
      claims, store, metrics, logger: log, guard, proof: texts.proof, grievances, health: () => ({ sms: texts.health() }), headersTimeoutMs: cfg.headersTimeoutMs, acceptHandles: cfg.acceptHandles, acceptSurgeHandles: cfg.acceptSurgeHandles,
      metricsAllow: cfg.metricsAddresses === null ? 'any' : new Set(cfg.metricsAddresses),
      errorPage: (id, lang) => errorPage(id, lang, demo),
      plugins: [
        (a) => registerWebRoutes(a, { claims, logger: log, proof: texts.proof, programme: () => programme.current(), demo: samples ? { samples } : null, grievances }),
        ...(texts.simulator ? [(a: FastifyInstance) => registerSmsDemo(a, texts.simulator!)] : []),
        // A queued USSD claim keeps its place server-side and its answer follows by SMS; without an SMSC, the screen
        // asks the caller to dial again (the waiting room finds the same place by the subscriber).
        (a) => registerUssdRoutes(a, { claims, logger: log, programme: () => programme.current(), demo, followUp: texts.followUps ? smsFollowUp(texts.followUps) : noSmsFollowUp(log), grievances }),
        ...(consolePlugin ? [consolePlugin] : []),
      ],
    });
    refresher = new Refresher({ programme, watcher, index, log });
    refresher.start();

    await app.listen({ port: cfg.port, host: cfg.host, backlog: LISTEN_BACKLOG });
    await acceptHandlesReady(app); // before the node says it serves: a crowd may come at once
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
    const url = `http://${cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host}:${port}`;
    const stopRefresh = refresher;
    const stopRoom = room;
    const stopConsole = consoleNode;
    return {
      app, url, store, claims, metrics, demo, sms: texts, console: consoleNode, grievances,
      close: async () => {
        await app.close();
        await stopConsole.close();
        // Every claim already accepted gets its commit and its answer before the store closes.
        await claims.drain();
        await texts.stop();
        await stopRefresh.stop();
        await stopRoom.stop();
        await store.close();
      },
    };
  } catch (e) {
    // A port already taken, say: no refresh may run on the store closed here.
    await refresher?.stop();
    await sms?.stop();
    await room?.stop();
    await consoleNode?.close();
    await store.close();
    throw e;
  }
}
