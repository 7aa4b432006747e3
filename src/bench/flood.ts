/**
 * @module Scenario `flood`: 16,000 keep-alive connections that never come back with their pass (wrk -t8 -c16000
 * against `serve --admit-rate 3000`): each request is a new arrival. Nothing refused, reset or timed out, only
 * 200/202, healthy after, peak RSS under 800 MiB; and where the node's memory went.
 */
import { createContext, loadSpec, measure, registry, serveFlags, type RegistryFacts } from './context.js';
import { listenDrops, overflowsSince, type Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { fetchText, healthAfter } from './sampler.js';
import { startGuichet } from './servers.js';
import { figures, type ServerFigures } from './throughput.js';

/** The node's own account of its memory, from /metrics, in MiB (waiting: people in line, a count). */
export interface MemoryReading {
  rss_mib: number | null;
  heap_used_mib: number | null;
  heap_total_mib: number | null;
  /** Memory outside the JS heap that V8 knows of: Buffers, typed arrays (the line), native objects. */
  external_mib: number | null;
  waiting: number | null;
  line_mib: number | null;
  open_connections: number | null;
  /** The V8 heap by space (old, new, large objects, code...), used MiB. */
  heap_spaces_mib: Record<string, number>;
}

export interface FloodReport {
  scenario: 'flood';
  machine: Machine;
  generator: { name: string; command: string; connections: number; threads: number; duration_s: number };
  registry: RegistryFacts;
  admit_rate: number | null;
  guichet: ServerFigures;
  /** Requests per second the generator sent, every one a newcomer (no pass). */
  arrivals_per_s: number;
  healthy_after: boolean;
  health_ms: number | null;
  listen_overflows: number | null;
  peak_rss_mib: number | null;
  /** The reading of /metrics with the highest RSS during the run, and the one after it. */
  memory_at_peak: MemoryReading | null;
  memory_after: MemoryReading | null;
  /** The readings, one a second (--json): how connections, RSS and the line grew. */
  memory_series: (MemoryReading & { t: number })[];
  /** Issue 13's bar: no socket error of any kind, nothing >= 400, healthy, peak RSS < 800 MiB. */
  ok: boolean;
}

export const FLOOD_PEAK_MIB = 800;

const MIB = 1024 * 1024;

/** Reads the memory figures out of the node's Prometheus text. */
export function memoryReading(text: string): MemoryReading {
  const val = (name: string): number | null => {
    const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm'));
    return m ? Number(m[1]) : null;
  };
  const mib = (name: string): number | null => {
    const v = val(name);
    return v === null ? null : Math.round(v / MIB);
  };
  const lineBytes = val('guichet_waiting_line_bytes');
  const spaces: Record<string, number> = {};
  for (const m of text.matchAll(/^nodejs_heap_space_size_used_bytes\{space="([^"]+)"\} (\S+)$/gm)) spaces[m[1]] = Math.round(Number(m[2]) / MIB);
  return {
    rss_mib: mib('process_resident_memory_bytes'), heap_used_mib: mib('nodejs_heap_size_used_bytes'), heap_total_mib: mib('nodejs_heap_size_total_bytes'),
    external_mib: mib('nodejs_external_memory_bytes'), waiting: val('guichet_waiting'),
    line_mib: lineBytes === null ? null : Math.round((10 * lineBytes) / MIB) / 10, open_connections: val('guichet_http_open_connections'), heap_spaces_mib: spaces,
  };
}

/** Every second, /metrics: every reading (seconds since the load began), and the one with the highest RSS. */
function memoryWatch(url: string): { series: (MemoryReading & { t: number })[]; stop(): Promise<MemoryReading | null> } {
  let peak: MemoryReading | null = null;
  let busy = false;
  const t0 = performance.now();
  const series: (MemoryReading & { t: number })[] = [];
  const read = async () => {
    const r = memoryReading(await fetchText(url, 5000));
    series.push({ t: Math.round((performance.now() - t0) / 100) / 10, ...r });
    if (r.rss_mib !== null && (peak === null || (peak.rss_mib ?? 0) < r.rss_mib)) peak = r;
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void read().catch(() => {}).finally(() => (busy = false));
  }, 1000);
  return { series, stop: async () => { clearInterval(timer); return peak; } };
}

export async function floodScenario(options: BenchOptions): Promise<FloodReport> {
  const ctx = await createContext(options);
  const { reg, facts } = await registry(ctx);
  const node = await startGuichet(ctx.runner, { dataDir: reg.dataDir, workDir: ctx.workDir, extraArgs: serveFlags(ctx), sourceAddresses: ctx.sources });
  ctx.log(`guichet serve --no-demo ${serveFlags(ctx).join(' ')} on ${node.url}; ${options.connections} connections that never come back with their pass`);
  let g;
  let healthy = false;
  let healthMs: number | null = null;
  let peak: number | null = null;
  let overflows: number | null = null;
  let atPeak: MemoryReading | null = null;
  let after: MemoryReading | null = null;
  let series: FloodReport['memory_series'] = [];
  try {
    const before = listenDrops();
    const watch = memoryWatch(`${node.url}/metrics`);
    // No honourRetryAfter: a 202's pass is thrown away and the next meter goes at once, a newcomer each time.
    g = await measure(ctx, node, loadSpec(ctx, reg, node.url, 'cycle'));
    atPeak = await watch.stop();
    series = watch.series;
    overflows = overflowsSince(before);
    ({ healthy, ms: healthMs } = await healthAfter(node.url));
    after = await fetchText(`${node.url}/metrics`, 10_000).then(memoryReading, () => null);
    peak = node.peakMiB();
  } finally {
    await node.stop();
  }
  const f = figures(g);
  const e = f.socket_errors;
  return {
    scenario: 'flood', machine: ctx.machine,
    generator: { name: ctx.gen.name, command: g.load.command, connections: options.connections, threads: options.threads, duration_s: options.durationS },
    registry: facts, admit_rate: options.admitRate, guichet: f,
    arrivals_per_s: g.load.durationS > 0 ? Math.round(g.load.requests / g.load.durationS) : 0,
    healthy_after: healthy, health_ms: healthMs, listen_overflows: overflows, peak_rss_mib: peak, memory_at_peak: atPeak, memory_after: after, memory_series: series,
    ok: e.connect === 0 && e.read === 0 && e.write === 0 && e.timeout === 0 && f.non_2xx === 0 && healthy && peak !== null && peak < FLOOD_PEAK_MIB,
  };
}
