/** @module The load generator, one interface over wrk (preferred: a C program, little CPU per request) and the Node fallback. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { track, tail } from './processes.js';
import { ROOT, type Runner } from './runner.js';
import { wrkScript } from './wrk-script.js';

export type GeneratorName = 'wrk' | 'node';

export interface Generator {
  name: GeneratorName;
  version: string;
}

export interface LoadSpec {
  /** Base URL of the server under load (loopback). */
  url: string;
  metersFile: string;
  connections: number;
  threads: number;
  /** Upper bound of the run; `once` runs are usually stopped earlier with `interrupt()`. */
  durationS: number;
  /** `cycle`: through the meter list again and again; `once`: each meter once, then cheap GET /healthz fillers. */
  mode: 'cycle' | 'once';
  timeoutS: number;
  workDir: string;
  /**
   * Loopback source addresses to spread the connections over (127.0.0.1, .2, ...): one address to one port runs
   * out of fast ephemeral ports near 14,000 connections (connect() then scans the range, milliseconds each).
   * Only the Node generator can choose them; wrk cannot.
   */
  sourceAddresses?: number;
  /**
   * A 202 (waiting room) is followed, on the same idle connection, by the same claim with its pass after
   * Retry-After, as the page and people do; otherwise the next claim goes at once, as wrk does.
   */
  honourRetryAfter?: boolean;
}

export const sourceAddress = (i: number): string => `127.0.0.${1 + i}`;

export interface SocketErrors {
  connect: number;
  read: number;
  write: number;
  timeout: number;
}

export interface LoadResult {
  generator: GeneratorName;
  command: string;
  durationS: number;
  /** Answers received (any status). */
  requests: number;
  /** Answers with a status of 400 or more (what wrk counts; the servers never answer 1xx or 3xx). */
  non2xx: number;
  errors: SocketErrors;
  /** Connections that carried at least one answer (Node generator only; wrk does not tell). */
  socketsAnswered: number | null;
  /** Socket errors by system code (Node generator only). */
  errorCodes: Record<string, number> | null;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

export interface LoadRun {
  result: Promise<LoadResult>;
  /** Stops the run now (SIGINT); the generator still reports what it measured until then. */
  interrupt(): void;
}

/** `auto` takes wrk when it is on PATH; asking for wrk without it is an error, not a silent fallback. */
export function chooseGenerator(pref: 'auto' | GeneratorName): Generator {
  if (pref !== 'node') {
    const r = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
    const m = `${r.stdout ?? ''}${r.stderr ?? ''}`.match(/^wrk (\S+)/m);
    if (!r.error && m) return { name: 'wrk', version: m[1] };
    if (pref === 'wrk') throw new Error('wrk is not installed (Debian: apt-get install wrk); use --generator node');
  }
  return { name: 'node', version: `Node raw-socket keep-alive client (src/bench/loadgen.ts), Node ${process.version}` };
}

/** The summary line both generators print: `LOADJSON {...}`, times in microseconds. */
interface RawSummary {
  duration_us: number; requests: number; connect: number; read: number; write: number; status: number; timeout: number;
  p50_us: number; p90_us: number; p99_us: number; max_us: number; mean_us: number; sockets?: number; codes?: Record<string, number>;
}

export function startLoad(gen: Generator, spec: LoadSpec, runner: Runner): LoadRun {
  let cmd: string;
  let args: string[];
  let shown: string;
  if (gen.name === 'wrk') {
    const script = join(spec.workDir, `claims-${spec.mode}.lua`);
    writeFileSync(script, wrkScript(spec.metersFile, spec.threads, spec.mode));
    cmd = 'wrk';
    args = [`-t${spec.threads}`, `-c${spec.connections}`, `-d${spec.durationS}s`, `--timeout`, `${spec.timeoutS}s`, '-s', script, `${spec.url}/api/v1/claims`];
    shown = `wrk ${args.slice(0, -3).join(' ')} -s claims-${spec.mode}.lua`;
  } else {
    cmd = process.execPath;
    args = runner.helper('loadgen', [JSON.stringify(spec)]);
    shown = `node loadgen (${spec.connections} keep-alive connections, ${spec.durationS} s, ${spec.mode})`;
  }
  const p = track(cmd, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = tail(p.child.stdout, 1024 * 1024);
  const err = tail(p.child.stderr, 64 * 1024);
  const closed = new Promise((r) => p.child.once('close', r));
  const result = (async (): Promise<LoadResult> => {
    const code = await p.exited;
    await closed;
    const m = out().match(/LOADJSON (\{.*\})/);
    if (!m) throw new Error(`${gen.name} gave no summary (exit ${code}):\n${(err() || out()).trim().split('\n').slice(-10).join('\n')}`);
    const s = JSON.parse(m[1]) as RawSummary;
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      generator: gen.name, command: shown, durationS: s.duration_us / 1e6, requests: s.requests, non2xx: s.status,
      errors: { connect: s.connect, read: s.read, write: s.write, timeout: s.timeout }, socketsAnswered: s.sockets ?? null, errorCodes: s.codes ?? null,
      latencyMs: { p50: ms(s.p50_us), p90: ms(s.p90_us), p99: ms(s.p99_us), max: ms(s.max_us), mean: ms(s.mean_us) },
    };
  })();
  return { result, interrupt: () => { p.child.kill('SIGINT'); } };
}
