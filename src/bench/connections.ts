/** @module Scenario `connections`: 16,000 simultaneous keep-alive connections on one node; nothing refused or reset, healthy and under 1 GiB after. */
import { createContext, loadSpec, measure, registry, serveFlags, type RegistryFacts } from './context.js';
import { listenDrops, overflowsSince, type Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { healthAfter } from './sampler.js';
import { startGuichet } from './servers.js';
import { figures, type ServerFigures } from './throughput.js';

export interface ConnectionsReport {
  scenario: 'connections';
  machine: Machine;
  generator: { name: string; command: string; connections: number; threads: number; duration_s: number };
  registry: RegistryFacts;
  admit_rate: number | null;
  guichet: ServerFigures;
  /** Connections that got at least one answer (Node generator), null with wrk. */
  connections_answered: number | null;
  /** GET /healthz answered 200 right after the load, and how long it took. */
  healthy_after: boolean;
  health_ms: number | null;
  /** Connections the kernel dropped because the node's listen queue was full, during the run (whole machine). */
  listen_overflows: number | null;
  /** Highest resident memory of the node over the whole run (VmHWM). */
  peak_rss_mib: number | null;
  /** Issue 4's bar: none refused or reset, every connection answered (when known), nothing >= 400, healthy, < 1 GiB. */
  ok: boolean;
}

const GIB_MIB = 1024;

export async function connectionsScenario(options: BenchOptions): Promise<ConnectionsReport> {
  const ctx = await createContext(options);
  const { reg, facts } = await registry(ctx);
  const node = await startGuichet(ctx.runner, { dataDir: reg.dataDir, workDir: ctx.workDir, extraArgs: serveFlags(ctx), sourceAddresses: ctx.sources });
  ctx.log(`guichet serve --no-demo ${serveFlags(ctx).join(' ')} on ${node.url}`);
  let g;
  let healthy = false;
  let healthMs: number | null = null;
  let peak: number | null = null;
  let overflows: number | null = null;
  try {
    const before = listenDrops();
    // A crowd, not a flood: a person told to wait (202) keeps the connection open and comes back after Retry-After
    // with the pass, as the page and the API's clients do; under --admit-rate most of the 16,000 connections wait.
    g = await measure(ctx, node, { ...loadSpec(ctx, reg, node.url, 'cycle'), honourRetryAfter: true });
    overflows = overflowsSince(before);
    ({ healthy, ms: healthMs } = await healthAfter(node.url));
    peak = node.peakMiB();
  } finally {
    await node.stop();
  }
  const f = figures(g);
  const e = f.socket_errors;
  return {
    scenario: 'connections', machine: ctx.machine,
    generator: { name: ctx.gen.name, command: g.load.command, connections: options.connections, threads: options.threads, duration_s: options.durationS },
    registry: facts, admit_rate: options.admitRate, guichet: f, connections_answered: g.load.socketsAnswered, listen_overflows: overflows, healthy_after: healthy, health_ms: healthMs, peak_rss_mib: peak,
    ok: e.connect === 0 && e.read === 0 && e.write === 0 && f.non_2xx === 0 && healthy && peak !== null && peak < GIB_MIB
      && (g.load.socketsAnswered === null || g.load.socketsAnswered >= options.connections),
  };
}
