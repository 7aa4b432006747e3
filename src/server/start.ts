/** @module Starts a node: open the store, load registry and programme into memory, wire the issuers, listen. */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServeConfig } from '../config/config.js';
import type { Store } from '../store/contract.js';
import { ClaimService } from '../claims/claim-service.js';
import { RegistryIndex } from '../claims/registry-index.js';
import type { PrepaidIssuer } from '../claims/ports.js';
import { CodePoolIssuer } from '../credits/code-pool.js';
import { StsIssuer } from '../credits/sts-issuer.js';
import { buildApp } from './app.js';
import { Metrics } from './metrics.js';
import { randomBytes } from 'node:crypto';
import { SharedWaitingRoom, WaitingRoom, type Room } from '../admission/index.js';
import { AddressGuard } from './guard.js';
import { ActiveProgramme } from './active-programme.js';
import { RegistryWatcher } from './registry-watcher.js';
import { demoSamples, ensureDemo, type DemoSamples } from '../demo/bootstrap.js';
import { openStore } from '../store/open.js';
import { registerWebRoutes } from '../channels/web/routes.js';

export interface RunningNode {
  app: FastifyInstance;
  url: string;
  store: Store;
  claims: ClaimService;
  demo: boolean;
  close(): Promise<void>;
}

export async function startNode(cfg: ServeConfig, log: Logger): Promise<RunningNode> {
  // PostgreSQL unreachable, wrong password, missing database: a PgConnectError, told in one line by the command.
  const store = await openStore(cfg, { purpose: 'node' });
  let timer: NodeJS.Timeout | undefined;
  let stopRoom = async () => {};
  try {
    const demo = cfg.demo ? await store.alone(() => ensureDemo(store, log)) : (await store.setting('demo')) === '1';
    const programme = await ActiveProgramme.load(store.programmes, log);
    const t0 = performance.now();
    const watcher = new RegistryWatcher(store.subscribers);
    const index = new RegistryIndex(await watcher.all());
    log.info({ subscribers: index.size, ms: Math.round(performance.now() - t0) }, 'registry loaded into memory');

    let vendingKey = cfg.vendingKey;
    if (vendingKey === null && demo) {
      vendingKey = await store.demoVendingKey();
      log.warn(`DÉMO: using a random demo STS vending key kept in the ${store.engine === 'sqlite' ? 'data folder' : 'database'}; tokens are for virtual meters only`);
    }
    let issuer: PrepaidIssuer | null = null;
    if (cfg.prepaidIssuer === 'pool') issuer = await CodePoolIssuer.fromStore(store.codes);
    else if (vendingKey !== null) issuer = await StsIssuer.load(vendingKey, store.subscribers);
    if (issuer === null) {
      log.warn('no STS vending key (GUICHET_STS_VENDING_KEY or GUICHET_STS_VENDING_KEY_FILE): prepaid claims will be refused with reason issuance_unavailable');
    } else {
      log.info({ issuer: issuer.name, key_source: cfg.vendingKeySource ?? (demo ? 'demo' : null) }, 'prepaid issuer ready');
    }

    const metrics = new Metrics();
    // Opening hours come from the open cycle's opens_at/closes_at (read at start).
    const cycle = programme.view().defaultCycle();
    const at = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
    const roomSettings = {
      now: () => performance.timeOrigin + performance.now(), random: Math.random,
      admitRate: cfg.admitRate, opening: { opensAt: at(cycle?.opens_at), closesAt: at(cycle?.closes_at) },
    };
    let room: Room;
    const line = store.sharedLine();
    if (line !== null) {
      // Several nodes may share this database: one line for all of them, kept in it (admission/shared-room.ts), with
      // the passes' secret and epoch kept there too, so any node honours any node's pass, also after restarts.
      const shared = new SharedWaitingRoom({
        ...roomSettings, ...(await line.shared()), store: line, node: randomBytes(6).toString('hex'),
        // Said once when it starts and once when it ends: meanwhile the 503s and /healthz tell it.
        onSyncFault: (e) => {
          if (e === null) log.info('waiting room: in step with the shared line again');
          else log.error({ err: e instanceof Error ? e.message : String(e) }, 'waiting room: the shared line cannot be reached; claims that reach the line are answered 503');
        },
      });
      await shared.start();
      stopRoom = () => shared.stop();
      room = shared;
      metrics.gauge('guichet_room_nodes', 'Nodes whose service rate the shared line counts (reported within 3 s).', () => shared.stats().nodes);
      metrics.gauge('guichet_room_sync_age_seconds', 'Age of this node\'s view of the shared line (synced every 0.1 s).', () => shared.stats().synced_ms_ago / 1000);
      metrics.gauge('guichet_room_pruned_total', 'Served and lapsed places this node deleted from the shared line (kept twice the pass lifetime).', () => shared.stats().pruned);
    } else {
      // One node on SQLite: its line is first come, first served across this process. Passes are signed with a
      // secret drawn at start; after a restart old passes count as newcomers (the room's epoch changed anyway).
      // People who arrive before opening join a pre-queue drawn into random order at opening time.
      room = new WaitingRoom({ ...roomSettings, secret: randomBytes(32) });
    }
    // The replay map and the spend are read once here; afterwards only the commit touches the store.
    const claims = await ClaimService.create({
      index, store: store.claims, issuer, programme: () => programme.view(), room,
      onBatch: (n, s) => metrics.batch(n, s),
    });
    metrics.gauge('guichet_subscribers', 'Subscribers in the in-memory registry.', () => index.size);
    metrics.gauge('guichet_resident_memory_bytes', 'Resident memory of the node process.', () => process.memoryUsage.rss());
    metrics.gauge('guichet_heap_used_bytes', 'JavaScript heap in use on the HTTP thread.', () => process.memoryUsage().heapUsed);
    metrics.gauge('guichet_credits', 'Credits issued (all cycles).', () => claims.creditCount);
    metrics.gauge('guichet_waiting', 'People waiting in line (not yet called).', () => room.stats().waiting);
    metrics.gauge('guichet_admission_rate', 'Claims per second the line moves at (ETAs are computed with it).', () => room.stats().rate_admitted);
    const samples: DemoSamples | null = demo ? demoSamples(index, programme.view()) : null;

    const guard = new AddressGuard({
      ratePerSecond: cfg.perAddressRate, burst: cfg.perAddressRate * 2,
      maxConnectionsPerAddress: cfg.perAddressConnections, trusted: new Set(cfg.trustedAddresses),
    });
    metrics.gauge('guichet_rate_limited_total', 'Requests answered 429 by the per-address abuse limits.', () => guard.limited);
    const app = buildApp({
      claims, store, metrics, logger: log, guard, headersTimeoutMs: cfg.headersTimeoutMs, acceptHandles: cfg.acceptHandles,
      plugins: [(a) => registerWebRoutes(a, { claims, metrics, programme: () => programme.current(), demo: samples ? { samples } : null })],
    });
    // Operators change programmes and import registries while the node runs: pick those changes up.
    // A bad programme row or a busy store must not stop a node that serves: keep the last good state and say so.
    // The refresh is async (a round trip on PostgreSQL): one at a time, and a slow or lost database only delays it.
    let refreshing = false;
    // A failure is reported when it starts, not every two seconds while the database is away (the 503s and /healthz
    // say that meanwhile); a success re-arms the report.
    const failing = { programme: false, registry: false };
    const report = (what: keyof typeof failing, e: unknown, msg: string) => {
      if (e === null) {
        failing[what] = false;
        return;
      }
      if (!failing[what]) log.error({ err: e instanceof Error ? e.message : String(e) }, msg);
      failing[what] = true;
    };
    const refresh = async () => {
      try {
        await programme.refresh();
        report('programme', null, '');
      } catch (e) {
        report('programme', e, 'programme in the store refused; the previous one stays in force');
      }
      try {
        for (const s of await watcher.changed()) index.put(s);
        report('registry', null, '');
      } catch (e) {
        report('registry', e, 'registry refresh failed; will try again');
      }
    };
    timer = setInterval(() => {
      if (refreshing) return;
      refreshing = true;
      void refresh().finally(() => (refreshing = false));
    }, 2000);
    timer.unref();

    await app.listen({ port: cfg.port, host: cfg.host, backlog: 4096 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
    const url = `http://${cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host}:${port}`;
    return {
      app, url, store, claims, demo,
      close: async () => {
        clearInterval(timer);
        await app.close();
        // Every claim already accepted gets its commit and its answer before the store closes.
        await claims.drain();
        // After a refresh in flight, so it does not query a closed store.
        while (refreshing) await new Promise((r) => setTimeout(r, 10));
        await stopRoom();
        await store.close();
      },
    };
  } catch (e) {
    // A port already taken, say: no refresh may run on the store closed here.
    clearInterval(timer);
    await stopRoom();
    await store.close();
    throw e;
  }
}
