/** @module `guichet bench` flags, checked up front with every problem listed (a bad flag must not cost a registry import). */
import { parseArgs } from 'node:util';

export const SCENARIOS = ['throughput', 'country', 'crowd', 'connections', 'flood', 'sms'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  scenario: Scenario;
  electricity: number;
  water: number;
  seed: string | null;
  durationS: number;
  connections: number;
  threads: number;
  timeoutS: number;
  generator: 'auto' | 'wrk' | 'node';
  json: boolean;
  chart: string | null;
  profile: string | null;
  /** Operators watching the live dashboard during the throughput run (their cost on the claim path); 0: none. */
  consoleViewers: number;
  /** Passed to `guichet serve --admit-rate` (the waiting room's ceiling); null: not passed. */
  admitRate: number | null;
  /** Scenario sms: GUICHET_SMS_RATE, the outbox's ceiling in messages per second. */
  smsRate: number | null;
  /** The order meters are claimed in: random (a crowd, seeded; default) or registry (to compare). */
  order: 'random' | 'registry';
  /** Cluster sizes to measure on PostgreSQL behind HAProxy (after the baseline and the embedded node); null: not that mode. */
  nodes: number[] | null;
  /** The PostgreSQL server for --nodes (the bench makes its own databases on it). */
  databaseUrl: string | null;
  workDir: string | null;
  keep: boolean;
  build: boolean;
  fromSource: boolean;
  help: boolean;
}

export const USAGE = `bench [--scenario throughput|country|crowd|connections|flood|sms] [--electricity N] [--water M] [--seed S]
             [--duration S] [--connections C] [--threads T] [--timeout S] [--generator auto|wrk|node]
             [--order random|registry] [--admit-rate N] [--sms-rate N] [--console-viewers N] [--nodes N[,N...] --database-url URL] [--json] [--chart FILE.svg|FILE.html] [--profile DIR] [--work-dir DIR] [--keep] [--no-build] [--from-source]`;

export const HELP = `usage: guichet ${USAGE}

Generates a registry (demo-data, then import, into a temporary folder), then drives a bare node:http baseline
and the real node (guichet serve --no-demo) with the same load generator (wrk if installed, else a Node one),
and prints claims/s, the baseline's requests/s, their ratio, p50/p99 latency, non-2xx answers and socket errors.

Scenarios:
  throughput   (default) baseline then real node, each fresh, for --duration s at --connections (256)
  country      every retained beneficiary claimed exactly once at full speed (--duration caps the run, default
               300 s); then journal verify and a count of credits by SQL
  crowd        2,000 people arriving within one second against serve --admit-rate 200, each coming back when
               told (Retry-After, with the pass): all served?, in arrival order?, ETAs true within 25%?
               (registry 20,000 + 10,000 unless given; --duration caps it, default 120 s)
  sms          the same load on fresh registries, SMS off and on alternating, twice each (an SMSC simulator,
               --sms-rate, default 500/s, window 10): claims/s with SMS against without, the drain's rate against its
               ceiling (registry 80,000 + 40,000 unless given: claims go on for the whole load)
  connections  16,000 simultaneous keep-alive connections for 15 s against the real node (serve --admit-rate
               3000): refused or reset connections, statuses, health and memory (peak RSS) afterwards
  flood        the same 16,000 connections (wrk -t8, 15 s) that never come back with their pass: every request a
               newcomer (about 10,000 arrivals/s) against serve --admit-rate 3000; socket errors by kind, statuses,
               health, peak RSS (target < 800 MiB) and where the memory went (heap, external, the line)

--nodes 1,2 --database-url URL (throughput only): in the same run, after the baseline and the embedded node
(SQLite), N PostgreSQL nodes behind HAProxy (guichet cluster) for each N, each on a fresh copy of the registry in
a database the bench creates on that server (guichet_bench_*, dropped at the end: the role needs CREATEDB).
Reports claims/s per machine core and per core the system under test actually used (nodes, HAProxy, PostgreSQL).

Defaults: the full 2020 size (--electricity 248200 --water 152734), --duration 10, --connections 256,
--threads 1, --timeout 2 (seconds before a request counts as a timeout error).
--order: the meters are claimed in a seeded random order (as a crowd arrives; --seed sets it), or registry order.
--console-viewers N (throughput): N signed-in operators hold the live dashboard's event stream open on the real node
while it is measured (run once with 0 and once with N to see what watching costs the claim path).
--chart draws throughput and latency over time (sampled each second from the servers' own counters).
--profile DIR runs the real node under node --cpu-prof and prints its top self-time functions.
--work-dir keeps everything (registry, store, logs, Lua script) in DIR; --keep keeps the temporary folder.
--from-source runs guichet through tsx instead of dist/ (no build); --no-build uses dist/ as it is.`;

/** Each scenario's figures from issue 4's targets, used when the flag is not given. */
const DEFAULTS: Partial<Record<Scenario, { duration?: number; connections?: number; threads?: number; admitRate?: number; timeout?: number; electricity?: number; water?: number }>> = {
  country: { duration: 300 },
  // 16,000 in flight at a few thousand answers/s is seconds of queueing: wrk's 2 s would call a slow answer an error.
  connections: { duration: 15, connections: 16_000, admitRate: 3000, timeout: 10 },
  // Issue 13's flood: wrk -t8 -c16000 (2,000 connections a thread), each request a newcomer that drops its pass.
  flood: { duration: 15, connections: 16_000, threads: 8, admitRate: 3000, timeout: 10 },
  // 2,000 people need 2,000 retained meters, not the whole country: a smaller registry starts the node sooner.
  crowd: { admitRate: 200, duration: 120, electricity: 20_000, water: 10_000 },
  // Enough retained meters that the whole load is claims, not replays once everyone is served.
  sms: { electricity: 80_000, water: 40_000 },
};

const MAX_CONNECTIONS = 16_000; // the per-process file limit here is 20,000: keep room for everything else

export function parseBenchArgs(argv: string[]): { options: BenchOptions; problems: string[] } {
  const problems: string[] = [];
  let values: Record<string, string | boolean | undefined> = {};
  try {
    ({ values } = parseArgs({
      args: argv, allowPositionals: false, strict: true,
      options: {
        scenario: { type: 'string' }, electricity: { type: 'string' }, water: { type: 'string' }, seed: { type: 'string' },
        duration: { type: 'string' }, connections: { type: 'string', short: 'c' }, threads: { type: 'string', short: 't' },
        timeout: { type: 'string' }, generator: { type: 'string' }, json: { type: 'boolean' }, chart: { type: 'string' },
        profile: { type: 'string' }, 'admit-rate': { type: 'string' }, 'sms-rate': { type: 'string' }, order: { type: 'string' }, 'console-viewers': { type: 'string' }, nodes: { type: 'string' }, 'database-url': { type: 'string' }, 'work-dir': { type: 'string' }, keep: { type: 'boolean' }, 'no-build': { type: 'boolean' },
        'from-source': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    problems.push((e as Error).message);
  }
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!/^[0-9]+$/.test(String(raw)) || n < min || n > max) problems.push(`--${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    return n;
  };
  const scenario = String(values.scenario ?? 'throughput') as Scenario;
  if (!SCENARIOS.includes(scenario)) problems.push(`--scenario must be one of ${SCENARIOS.join(', ')} (got "${scenario}").`);
  if (values.order !== undefined && values.order !== 'random' && values.order !== 'registry') problems.push(`--order must be random or registry (got "${values.order}").`);
  const generator = String(values.generator ?? 'auto') as BenchOptions['generator'];
  if (!['auto', 'wrk', 'node'].includes(generator)) problems.push(`--generator must be auto, wrk or node (got "${generator}").`);
  const chart = (values.chart as string | undefined) ?? null;
  if (chart !== null && !/\.(svg|html?)$/i.test(chart)) problems.push(`--chart must name a .svg or .html file (got "${chart}").`);
  const databaseUrl = (values['database-url'] as string | undefined) ?? null;
  let nodes: number[] | null = null;
  if (values.nodes !== undefined) {
    nodes = String(values.nodes).split(',').map((x) => Number(x.trim()));
    if (nodes.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) problems.push(`--nodes must list cluster sizes from 1 to 16, e.g. 1,2 (got "${values.nodes}").`);
  } else if (databaseUrl !== null) {
    nodes = [1];
  }
  if (nodes !== null && databaseUrl === null) problems.push('--nodes needs --database-url: the nodes share one PostgreSQL store.');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('--database-url must be a postgres:// or postgresql:// URL.');
  if (nodes !== null && chart !== null) problems.push('--chart is not drawn for --nodes (use --json for the figures).');
  if (nodes !== null && scenario !== 'throughput') problems.push(`--nodes goes with the throughput scenario (got --scenario ${scenario}).`);
  if (chart !== null && scenario === 'sms') problems.push('--chart is not drawn for the sms scenario (use --json for the figures).');
  const options: BenchOptions = {
    scenario, generator, chart, nodes, databaseUrl,
    electricity: int('electricity', DEFAULTS[scenario]?.electricity ?? 248_200, 0, 10_000_000),
    water: int('water', DEFAULTS[scenario]?.water ?? 152_734, 0, 10_000_000),
    seed: (values.seed as string | undefined) ?? null,
    durationS: int('duration', DEFAULTS[scenario]?.duration ?? 10, 1, 3600),
    connections: int('connections', DEFAULTS[scenario]?.connections ?? 256, 1, MAX_CONNECTIONS),
    admitRate: values['admit-rate'] === undefined ? (DEFAULTS[scenario]?.admitRate ?? null) : int('admit-rate', 0, 1, 1_000_000),
    order: values.order === 'registry' ? 'registry' : 'random',
    smsRate: values['sms-rate'] === undefined ? null : int('sms-rate', 500, 1, 100_000),
    threads: int('threads', DEFAULTS[scenario]?.threads ?? 1, 1, 64),
    consoleViewers: int('console-viewers', 0, 0, 1000),
    timeoutS: int('timeout', DEFAULTS[scenario]?.timeout ?? 2, 1, 600),
    json: values.json === true,
    profile: (values.profile as string | undefined) ?? null,
    workDir: (values['work-dir'] as string | undefined) ?? null,
    keep: values.keep === true,
    build: values['no-build'] !== true,
    fromSource: values['from-source'] === true,
    help: values.help === true,
  };
  if (options.electricity + options.water === 0) problems.push('--electricity and --water are both 0: there would be nothing to claim.');
  if (options.threads > options.connections) problems.push(`--threads (${options.threads}) cannot exceed --connections (${options.connections}).`);
  return { options, problems };
}
