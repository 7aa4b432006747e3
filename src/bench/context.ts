/** @module What every scenario shares: the generator, the machine, the runner (built first if needed), a work folder, the registry. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chooseGenerator, startLoad, type Generator, type LoadResult, type LoadSpec } from './load.js';
import { describeMachine, machineLine, type Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { atExit } from './processes.js';
import { processCpuS } from './cpu.js';
import { monotonicUs, type Window } from './profile.js';
import { prepareRegistry, type PreparedRegistry } from './registry.js';
import { ensureBuilt, makeRunner, type Runner } from './runner.js';
import { Sampler, toSeries, type Point } from './sampler.js';
import type { RunningServer } from './servers.js';

export interface BenchContext {
  options: BenchOptions;
  runner: Runner;
  gen: Generator;
  machine: Machine;
  workDir: string;
  /** Loopback source addresses the load comes from (see LoadSpec.sourceAddresses). */
  sources: number;
  log: (s: string) => void;
}

/** Connections one loopback source address carries: well under the ~14,000 fast ephemeral ports of one address. */
const PER_SOURCE = 6000;
/** Above this, wrk (one source address, every connect before any request) stalls for seconds in connect(). */
const WRK_MAX = 12_000;

export interface RegistryFacts {
  electricity: number;
  water: number;
  seed: string | null;
  /** The order the meters were claimed in. */
  order: 'random' | 'registry';
  rows: number;
  retained: number;
  programme: string;
  cycle: string;
  generate_s: number;
  import_s: number;
}

/** Progress goes to stderr, so `--json` leaves stdout to the JSON alone. */
export const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

export async function createContext(options: BenchOptions): Promise<BenchContext> {
  let gen = chooseGenerator(options.generator);
  if (gen.name === 'wrk' && options.connections > WRK_MAX) {
    // The flood is defined as wrk's (issue 13): its connect() stalls are part of what the node must hold.
    if (options.generator === 'wrk' || options.scenario === 'flood') {
      log(`warning: wrk connects from one address; beyond ${WRK_MAX} connections its connect() calls stall on the ephemeral port search`);
    } else {
      gen = chooseGenerator('node');
      log(`generator: Node, not wrk: ${options.connections} connections need several loopback source addresses, which wrk cannot choose`);
    }
  }
  const sources = gen.name === 'node' ? Math.ceil(options.connections / PER_SOURCE) : 1;
  const machine = describeMachine(gen);
  log(machineLine(machine));
  if (machine.fileLimit !== null && options.connections + 1000 > machine.fileLimit) {
    throw new Error(`--connections ${options.connections} needs about ${options.connections + 1000} open files; this machine allows ${machine.fileLimit} per process (ulimit -n)`);
  }
  if (!options.fromSource && options.build) await ensureBuilt(log);
  let workDir: string;
  if (options.workDir !== null) {
    workDir = resolve(options.workDir);
    mkdirSync(workDir, { recursive: true });
  } else {
    workDir = mkdtempSync(join(tmpdir(), 'guichet-bench-'));
    // Child processes are killed first (processes.ts registered its exit hook before this one).
    if (!options.keep) atExit(() => rmSync(workDir, { recursive: true, force: true }));
  }
  log(`work folder: ${workDir}${options.workDir === null && !options.keep ? ' (removed at the end; --keep to keep it)' : ''}`);
  return { options, runner: makeRunner(options.fromSource), gen, machine, workDir, sources, log };
}

export async function registry(ctx: BenchContext): Promise<{ reg: PreparedRegistry; facts: RegistryFacts }> {
  const o = ctx.options;
  const reg = await prepareRegistry(ctx.runner, ctx.workDir, { electricity: o.electricity, water: o.water, seed: o.seed, order: o.order }, log);
  return {
    reg,
    facts: {
      electricity: o.electricity, water: o.water, seed: o.seed, order: o.order, rows: reg.rows, retained: reg.meters.length,
      programme: reg.programme, cycle: reg.cycle, generate_s: round(reg.generateS, 2), import_s: round(reg.importS, 2),
    },
  };
}

/** Flags for `guichet serve` that come from the bench's own (the waiting room's ceiling). */
export const serveFlags = (ctx: BenchContext): string[] => (ctx.options.admitRate === null ? [] : ['--admit-rate', String(ctx.options.admitRate)]);

export function loadSpec(ctx: BenchContext, reg: PreparedRegistry, url: string, mode: LoadSpec['mode']): LoadSpec {
  const o = ctx.options;
  return {
    url, metersFile: reg.metersFile, connections: o.connections, threads: o.threads, durationS: o.durationS, mode,
    timeoutS: o.timeoutS, workDir: ctx.workDir, sourceAddresses: ctx.sources,
  };
}

export interface Measured {
  load: LoadResult;
  /** Answers below 400 per second, over the generator's own measured duration. */
  okPerS: number;
  /** Outcome counts the server itself reports for this run (guichet only: issued, replayed, refusal reasons). */
  outcomes: Record<string, number>;
  series: Point[];
  rssMiB: number | null;
  /** Bytes the server process caused to be written to disk during the load (/proc/<pid>/io write_bytes), or null. */
  writtenBytes: number | null;
  /** When the load ran, on the clock of CPU profiles. */
  window: Window;
  /** CPU seconds the server spent during the load: the whole process (every thread), and its main thread alone; null when unreadable. */
  cpuS: { process: number | null; main: number | null };
}

/** One `cycle` run against one server, its counters sampled each second for the time series. */
export async function measure(ctx: BenchContext, server: RunningServer, spec: LoadSpec): Promise<Measured> {
  const sampler = new Sampler(server.countersUrl, 1000);
  const first = await sampler.sample();
  sampler.start();
  ctx.log(`${server.name}: ${spec.connections} connections for ${spec.durationS} s`);
  const fromUs = monotonicUs();
  const written0 = server.writtenBytes();
  const cpu0 = { process: processCpuS(server.pid), main: processCpuS(server.pid, server.pid) };
  const load = await startLoad(ctx.gen, spec, ctx.runner).result;
  const cpu1 = { process: processCpuS(server.pid), main: processCpuS(server.pid, server.pid) };
  const written1 = server.writtenBytes();
  const window = { fromUs, toUs: monotonicUs() };
  const samples = await sampler.stop();
  const last = samples[samples.length - 1];
  const outcomes: Record<string, number> = {};
  if (first && last) for (const [k, v] of Object.entries(last.outcomes)) outcomes[k] = v - (first.outcomes[k] ?? 0);
  const okPerS = load.durationS > 0 ? (load.requests - load.non2xx) / load.durationS : 0;
  ctx.log(`${server.name}: ${Math.round(okPerS)} answers/s, p99 ${load.latencyMs.p99} ms`);
  const writtenBytes = written0 !== null && written1 !== null ? written1 - written0 : null;
  const spent = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : b - a);
  const cpuS = { process: spent(cpu0.process, cpu1.process), main: spent(cpu0.main, cpu1.main) };
  return { load, okPerS: round(okPerS, 1), outcomes, series: toSeries(samples), rssMiB: server.rssMiB(), writtenBytes, window, cpuS };
}

export const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;
