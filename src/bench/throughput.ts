/** @module Scenario `throughput`: the bare baseline, then the real node, each in a fresh process under the same load; their ratio is the figure. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createContext, loadSpec, serveFlags, measure, registry, round, type BenchContext, type Measured, type RegistryFacts } from './context.js';
import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { openViewers } from './console-viewers.js';
import { profilesOf, type ThreadProfile } from './profile.js';
import { startBaseline, startGuichet } from './servers.js';
import { checkStore, type StoreCheck } from './verify.js';

export interface ServerFigures {
  /** Answers below 400 per second (claims answered, for the real node). */
  per_s: number;
  requests: number;
  non_2xx: number;
  socket_errors: { connect: number; read: number; write: number; timeout: number };
  /** The same errors by system code, when the generator tells (Node generator). */
  error_codes: Record<string, number> | null;
  latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number };
  duration_s: number;
  rss_mib: number | null;
  /** Bytes the process wrote to disk during the load (write_bytes), or null. */
  written_mib: number | null;
  outcomes: Record<string, number>;
  series: Measured['series'];
  /**
   * CPU µs the server spent an answer below 400 during the load (utime + stime from /proc): the whole process (every
   * thread), and its main thread alone (HTTP and the claim core; tid == pid); null when unreadable. On a shared,
   * noisy machine this is the figure to compare builds by: it hardly depends on what else runs.
   */
  cpu_us_per_answer: { process: number | null; main_thread: number | null };
}

export interface ThroughputReport {
  scenario: 'throughput';
  machine: Machine;
  generator: { name: string; command: string; connections: number; threads: number; duration_s: number };
  registry: RegistryFacts;
  baseline: ServerFigures;
  guichet: ServerFigures & { claims_per_s: number; issued_per_s: number; written_bytes_per_credit: number | null };
  /** claims/s of the real node ÷ requests/s of the baseline, same generator, same run. */
  ratio: number;
  /** The same with only first-time issuance counted (replays excluded: once a small registry is used up, claims replay). */
  ratio_issued: number;
  store: StoreCheck;
  profile: ThreadProfile[] | null;
}

export function figures(m: Measured): ServerFigures {
  const answers = m.load.requests - m.load.non2xx;
  const perAnswer = (cpuS: number | null): number | null => (cpuS === null || answers <= 0 ? null : round((cpuS * 1e6) / answers, 1));
  return {
    per_s: m.okPerS, requests: m.load.requests, non_2xx: m.load.non2xx, socket_errors: m.load.errors, error_codes: m.load.errorCodes,
    latency_ms: m.load.latencyMs, duration_s: round(m.load.durationS, 2), rss_mib: m.rssMiB, written_mib: m.writtenBytes === null ? null : round(m.writtenBytes / 1048576, 1), outcomes: m.outcomes, series: m.series,
    cpu_us_per_answer: { process: perAnswer(m.cpuS.process), main_thread: perAnswer(m.cpuS.main) },
  };
}

export async function throughputScenario(options: BenchOptions): Promise<ThroughputReport> {
  const ctx = await createContext(options);
  const { reg, facts } = await registry(ctx);

  const baseline = await startBaseline(ctx.runner, ctx.workDir);
  ctx.log(`baseline (bare node:http) on ${baseline.url}`);
  let b: Measured;
  try {
    b = await measure(ctx, baseline, loadSpec(ctx, reg, baseline.url, 'cycle'));
  } finally {
    await baseline.stop();
  }

  const profileDir = profileFolder(ctx);
  const node = await startGuichet(ctx.runner, { dataDir: reg.dataDir, workDir: ctx.workDir, profileDir, extraArgs: serveFlags(ctx), sourceAddresses: ctx.sources });
  ctx.log(`guichet serve --no-demo on ${node.url}${profileDir ? ' (under --cpu-prof)' : ''}`);
  let g: Measured;
  const viewers = options.consoleViewers > 0 ? await openViewers({ url: node.url, dataDir: reg.dataDir, count: options.consoleViewers }) : null;
  if (viewers) ctx.log(`${options.consoleViewers} console viewers on ${node.url}/console/api/live`);
  try {
    g = await measure(ctx, node, loadSpec(ctx, reg, node.url, 'cycle'));
    if (viewers) {
      const f = viewers.frames();
      ctx.log(`console viewers: ${f.length} held the live stream through the run, ${Math.min(...f)} to ${Math.max(...f)} snapshots each`);
    }
  } finally {
    viewers?.stop();
    // SIGTERM: the node answers what is in flight, commits, closes the store (and writes its profile).
    await node.stop();
  }

  ctx.log('checking the store: guichet journal verify, credits by SQL');
  const store = await checkStore(ctx.runner, reg.dataDir, reg.meters, reg.programme, reg.cycle);
  const gf = figures(g);
  const issued = g.outcomes.issued ?? 0;
  return {
    scenario: 'throughput', machine: ctx.machine,
    generator: { name: ctx.gen.name, command: g.load.command, connections: options.connections, threads: options.threads, duration_s: options.durationS },
    registry: facts,
    baseline: figures(b),
    guichet: {
      ...gf, claims_per_s: gf.per_s, issued_per_s: g.load.durationS > 0 ? round(issued / g.load.durationS, 1) : 0,
      written_bytes_per_credit: g.writtenBytes !== null && issued > 0 ? Math.round(g.writtenBytes / issued) : null,
    },
    ratio: b.okPerS > 0 ? round(g.okPerS / b.okPerS, 3) : 0,
    ratio_issued: b.okPerS > 0 && g.load.durationS > 0 ? round(issued / g.load.durationS / b.okPerS, 3) : 0,
    store,
    profile: profileDir ? profilesOf(profileDir, g.window) : null,
  };
}

export function profileFolder(ctx: BenchContext): string | null {
  if (ctx.options.profile === null) return null;
  const dir = resolve(ctx.options.profile);
  mkdirSync(dir, { recursive: true });
  return dir;
}
