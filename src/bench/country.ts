/** @module Scenario `country`: every retained beneficiary claimed exactly once at full speed, then proof from the store that each got one credit. */
import { createContext, loadSpec, serveFlags, registry, round, type RegistryFacts } from './context.js';
import { startLoad, type LoadResult } from './load.js';
import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { monotonicUs, profilesOf, type ThreadProfile, type Window } from './profile.js';
import { fetchText, parseCounters, quantileMs, Sampler, toSeries, type Counters, type Point } from './sampler.js';
import { startGuichet } from './servers.js';
import { profileFolder } from './throughput.js';
import { checkStore, type StoreCheck } from './verify.js';
import { memoryReading } from './flood.js';

export interface CountryReport {
  scenario: 'country';
  machine: Machine;
  generator: { name: string; command: string; connections: number; threads: number; cap_s: number };
  registry: RegistryFacts;
  beneficiaries: number;
  /** Whether every beneficiary was answered before the --duration cap. */
  complete: boolean;
  /** From the last poll (every 50 ms) that saw no claim answered to the first that saw them all (or the last answer). */
  total_s: number;
  claims_per_s: number;
  non_2xx: number;
  socket_errors: LoadResult['errors'];
  latency_ms: LoadResult['latencyMs'];
  /** The node's own claim latency over the run (guichet_claim_duration_seconds), interpolated in its buckets. */
  server_latency_ms: { p50: number | null; p99: number | null };
  outcomes: Record<string, number>;
  rss_mib: number | null;
  /** The node's V8 heap after the run (its /metrics): used, and taken from the system (the rest of RSS is outside it). */
  heap_used_mib: number | null;
  heap_total_mib: number | null;
  /** Bytes the node wrote to disk for the whole population, per credit issued (/proc/<pid>/io write_bytes). */
  written_bytes_per_credit: number | null;
  store: StoreCheck;
  /** Journal verifies, one credit per retained meter, none twice, none to anyone else, every answer "issued". */
  exactly_once: boolean;
  series: Point[];
  profile: ThreadProfile[] | null;
}

const POLL_MS = 50;
const STALL_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function countryScenario(options: BenchOptions): Promise<CountryReport> {
  const ctx = await createContext(options);
  const { reg, facts } = await registry(ctx);
  const n = reg.meters.length;
  const profileDir = profileFolder(ctx);
  const node = await startGuichet(ctx.runner, { dataDir: reg.dataDir, workDir: ctx.workDir, profileDir, extraArgs: serveFlags(ctx), sourceAddresses: ctx.sources });
  ctx.log(`guichet serve --no-demo on ${node.url}; claiming ${n} beneficiaries once each, cap ${options.durationS} s`);
  const counters = async (): Promise<Counters> => parseCounters(await fetchText(`${node.url}/metrics`, 30_000));

  let load: LoadResult;
  let base: Counters;
  let last: Counters;
  let tStart = 0;
  let tEnd = 0;
  let complete = false;
  let rss: number | null = null;
  let heap: { used: number | null; total: number | null } = { used: null, total: null };
  let written: number | null = null;
  const written0 = node.writtenBytes();
  const window: Window = { fromUs: 0, toUs: 0 };
  const sampler = new Sampler(node.countersUrl, 1000);
  try {
    base = await counters();
    last = base;
    await sampler.sample();
    sampler.start();
    const runLoad = startLoad(ctx.gen, loadSpec(ctx, reg, node.url, 'once'), ctx.runner);
    let finished = false;
    const result = runLoad.result.finally(() => (finished = true));
    tStart = performance.now();
    window.fromUs = monotonicUs();
    // wrk has no request count: watch the node's own counter, and stop wrk the moment everyone is answered.
    let seen = -1;
    let lastChange = performance.now();
    while (!finished) {
      const sent = performance.now();
      const c = await counters().catch(() => null);
      if (c) {
        last = c;
        const answered = c.total - base.total;
        if (answered === 0) tStart = sent;
        if (answered !== seen) {
          seen = answered;
          lastChange = performance.now();
        }
        if (answered >= n) {
          tEnd = lastChange;
          complete = true;
          break;
        }
      }
      // No answer for STALL_MS once claims flowed: a lost request would otherwise hold the run to its cap.
      if (seen > 0 && performance.now() - lastChange > STALL_MS) {
        ctx.log(`no new answer for ${STALL_MS / 1000} s at ${seen} of ${n}: stopping`);
        tEnd = lastChange;
        break;
      }
      await sleep(POLL_MS);
    }
    window.toUs = monotonicUs();
    runLoad.interrupt();
    load = await result;
    if (!complete && tEnd === 0) {
      // The Node generator stops by itself after the last meter, possibly between two polls: look once more.
      last = await counters();
      tEnd = performance.now();
      complete = last.total - base.total >= n;
    }
  } finally {
    await sampler.stop();
    rss = node.rssMiB();
    const m = await fetchText(`${node.url}/metrics`, 10_000).then(memoryReading, () => null);
    if (m) heap = { used: m.heap_used_mib, total: m.heap_total_mib };
    const w1 = node.writtenBytes();
    written = written0 !== null && w1 !== null ? w1 - written0 : null;
    await node.stop();
  }
  const total = (tEnd - tStart) / 1000;
  const outcomes: Record<string, number> = {};
  for (const [k, v] of Object.entries(last.outcomes)) outcomes[k] = v - (base.outcomes[k] ?? 0);
  ctx.log(`${complete ? 'all' : 'NOT all'} ${n} answered in ${total.toFixed(2)} s; checking the store`);
  const store = await checkStore(ctx.runner, reg.dataDir, reg.meters, reg.programme, reg.cycle);
  const exactlyOnce = complete && store.journalOk && store.credits === n && store.distinctSubscribers === n
    && store.missing === 0 && store.unexpected === 0 && (outcomes.issued ?? 0) === n;
  return {
    scenario: 'country', machine: ctx.machine,
    generator: { name: ctx.gen.name, command: load.command, connections: options.connections, threads: options.threads, cap_s: options.durationS },
    registry: facts, beneficiaries: n, complete,
    total_s: round(total, 2), claims_per_s: total > 0 ? round(n / total, 1) : 0,
    non_2xx: load.non2xx, socket_errors: load.errors, latency_ms: load.latencyMs,
    server_latency_ms: { p50: roundOrNull(quantileMs(base.buckets, last.buckets, 0.5)), p99: roundOrNull(quantileMs(base.buckets, last.buckets, 0.99)) },
    outcomes, rss_mib: rss, heap_used_mib: heap.used, heap_total_mib: heap.total, written_bytes_per_credit: written !== null && (outcomes.issued ?? 0) > 0 ? Math.round(written / outcomes.issued) : null,
    store, exactly_once: exactlyOnce,
    series: toSeries(sampler.samples),
    profile: profileDir ? profilesOf(profileDir, window) : null,
  };
}

const roundOrNull = (v: number | null): number | null => (v === null ? null : round(v, 2));
