/**
 * @module Scenario `throughput --nodes 1,2 --database-url URL`: in one run, the bare baseline, the embedded node
 * (SQLite), then for each N, N PostgreSQL nodes behind HAProxy (guichet cluster), each fresh, under the same load.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from '../cluster/cluster.js';
import { HaproxyMissing, findHaproxy } from '../cluster/haproxy.js';
import { createContext, loadSpec, measure, registry, round, serveFlags, type BenchContext, type RegistryFacts } from './context.js';
import { cpuMark, cpuUse, parentOf, pidsNamed, type CpuGroups, type CpuUse } from './cpu.js';
import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { BenchDatabases, checkPgStore } from './pg-store.js';
import { run } from './processes.js';
import { fetchText, parseCounters } from './sampler.js';
import { benchEnv } from './registry.js';
import { ROOT } from './runner.js';
import { procStatus, startBaseline, startGuichet, type RunningServer } from './servers.js';
import { figures, type ServerFigures } from './throughput.js';
import { checkStore, type StoreCheck } from './verify.js';

export interface SetupFigures extends ServerFigures {
  /** What ran: `baseline`, `embedded` (SQLite, one node), `postgres x N` (behind HAProxy). */
  label: string;
  nodes: number | null;
  claims_per_s: number;
  issued_per_s: number;
  /** Answers/s ÷ the baseline's requests/s, same generator, same run. */
  ratio: number;
  /** Answers/s ÷ the machine's cores: everything (load generator, balancer, nodes, PostgreSQL) shares them. */
  per_machine_core: number;
  cpu: CpuUse;
  /** Answers/s ÷ the cores the system under test kept busy (node(s), HAProxy, PostgreSQL): claims per CPU-second. */
  per_core_used: number | null;
  store: StoreCheck | null;
  /** Behind the balancer: each node's part of the claims it answered (the subscriber hash's evenness), 0 to 1. */
  node_shares?: number[];
}

export interface NodesReport {
  scenario: 'nodes';
  machine: Machine;
  generator: { name: string; command: string; connections: number; threads: number; duration_s: number };
  registry: RegistryFacts;
  /** The PostgreSQL server, password hidden. */
  database: string;
  setups: SetupFigures[];
}

export async function nodesScenario(options: BenchOptions): Promise<NodesReport> {
  // Before minutes of registry work, not after.
  if (findHaproxy() === null) throw new HaproxyMissing();
  const ctx = await createContext(options);
  const { reg, facts } = await registry(ctx);
  const dbs = new BenchDatabases(options.databaseUrl!);
  const setups: SetupFigures[] = [];
  let command = '';
  try {
    // The same registry file into PostgreSQL once; each cluster size then starts from a copy without credits.
    const base = await dbs.create('registry');
    ctx.log(`registry: guichet import into PostgreSQL (database ${base})`);
    const t0 = performance.now();
    const imp = await run(process.execPath, ctx.runner.guichet(['import', join(ctx.workDir, 'registry.csv'), '--database-url', dbs.urlOf(base)]), { cwd: ROOT, env: benchEnv() });
    if (imp.code !== 0) throw new Error(`import into PostgreSQL failed (exit ${imp.code}):\n${(imp.stderr || imp.stdout).trim().split('\n').slice(-10).join('\n')}`);
    ctx.log(`registry: imported into PostgreSQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const baseline = await startBaseline(ctx.runner, ctx.workDir);
    ctx.log(`baseline (bare node:http) on ${baseline.url}`);
    const b = await measured(ctx, baseline, reg, { baseline: () => [baseline.pid] }).finally(() => baseline.stop());
    command = b.command;
    const per = (x: number) => (b.fig.per_s > 0 ? round(x / b.fig.per_s, 3) : 0);
    setups.push(setup('baseline node:http', null, b, per, ctx, null));

    const embedded = await startGuichet(ctx.runner, { dataDir: reg.dataDir, workDir: ctx.workDir, extraArgs: serveFlags(ctx), sourceAddresses: ctx.sources });
    ctx.log(`embedded: guichet serve --no-demo (SQLite) on ${embedded.url}`);
    const e = await measured(ctx, embedded, reg, { guichet: () => [embedded.pid] }).finally(() => embedded.stop());
    const eStore = await checkStore(ctx.runner, reg.dataDir, reg.meters, reg.programme, reg.cycle);
    setups.push(setup('embedded (SQLite), 1 node', 1, e, per, ctx, eStore));

    // One key for every node of a run: a token replayed by another node is the same token.
    const key = randomBytes(8).toString('hex');
    // A size may be listed twice (--nodes 1,2,2): a repeat on a noisy machine. Each gets its own database copy.
    for (const [i, n] of options.nodes!.entries()) {
      const db = await dbs.create(`n${n}_${i + 1}`, base);
      const workDir = join(ctx.workDir, `cluster-${i + 1}-${n}`);
      mkdirSync(workDir, { recursive: true });
      const cluster = await startCluster({
        nodes: n, databaseUrl: dbs.urlOf(db), port: 0, admitRate: options.admitRate, demo: false, workDir,
        env: { GUICHET_STS_VENDING_KEY: key, GUICHET_PREPAID_ISSUER: 'sts', GUICHET_LOG_LEVEL: 'warn' }, log: (s) => ctx.log(`cluster: ${s}`),
        onEvent: (ev) => ctx.log(`cluster: ${JSON.stringify(ev).slice(0, 300)}`),
      });
      const server: RunningServer = {
        name: `postgres x${n}`, url: cluster.url, countersUrl: cluster.nodes.map((x) => `${x.url}/metrics`), pid: cluster.balancerPid,
        rssMiB: () => cluster.nodes.reduce((s, x) => s + (procStatus(x.pid, 'VmRSS') ?? 0), 0),
        peakMiB: () => null,
        writtenBytes: () => null,
        stop: async () => { await cluster.stop(); return 0; },
      };
      // HAProxy runs under a small shell: its own pid is that shell's child.
      const haproxyPids = () => pidsNamed('haproxy').filter((p) => parentOf(p) === cluster.balancerPid);
      const groups: CpuGroups = { guichet: () => cluster.nodes.map((x) => x.pid), haproxy: haproxyPids, postgres: () => pidsNamed('postgres') };
      let shares: number[] = [];
      const m = await measured(ctx, server, reg, groups).finally(async () => {
        shares = await nodeShares(cluster.nodes.map((x) => `${x.url}/metrics`));
        await server.stop();
      });
      ctx.log(`postgres x${n}: checking the store (journal verify, credits by SQL)`);
      const store = await checkPgStore(ctx.runner, dbs.urlOf(db), reg.meters, reg.programme, reg.cycle);
      setups.push({ ...setup(`PostgreSQL, ${n} node${n > 1 ? 's' : ''} + HAProxy`, n, m, per, ctx, store), node_shares: shares });
    }
  } finally {
    await dbs.dropAll().catch((e: Error) => ctx.log(`could not drop the bench databases: ${e.message}`));
  }
  return {
    scenario: 'nodes', machine: ctx.machine,
    generator: { name: ctx.gen.name, command, connections: options.connections, threads: options.threads, duration_s: options.durationS },
    registry: facts, database: redact(options.databaseUrl!), setups,
  };
}

interface Run {
  fig: ServerFigures;
  issued: number;
  cpu: CpuUse;
  command: string;
}

async function measured(ctx: BenchContext, server: RunningServer, reg: Awaited<ReturnType<typeof registry>>['reg'], groups: CpuGroups): Promise<Run> {
  const before = cpuMark(groups);
  const m = await measure(ctx, server, loadSpec(ctx, reg, server.url, 'cycle'));
  const cpu = cpuUse(before, cpuMark(groups));
  return { fig: figures(m), issued: m.outcomes.issued ?? 0, cpu, command: m.load.command };
}

function setup(label: string, nodes: number | null, r: Run, ratio: (x: number) => number, ctx: BenchContext, store: StoreCheck | null): SetupFigures {
  const perS = r.fig.per_s;
  return {
    ...r.fig, label, nodes, claims_per_s: perS, issued_per_s: r.fig.duration_s > 0 ? round(r.issued / r.fig.duration_s, 1) : 0,
    ratio: ratio(perS), per_machine_core: round(perS / ctx.machine.cores, 1), cpu: r.cpu,
    per_core_used: r.cpu.total_cores > 0 ? round(perS / r.cpu.total_cores, 1) : null, store,
  };
}

/** Claims each node answered since it started (a fresh cluster per size: the run's), as parts of their sum. */
async function nodeShares(urls: string[]): Promise<number[]> {
  const totals = await Promise.all(urls.map(async (u) => {
    try {
      return parseCounters(await fetchText(u)).total;
    } catch {
      return 0; // a node that died answers nothing more
    }
  }));
  const sum = totals.reduce((a, b) => a + b, 0);
  return totals.map((t) => (sum > 0 ? round(t / sum, 3) : 0));
}

const redact = (url: string): string => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};
