/** @module N `guichet serve` nodes on one PostgreSQL behind HAProxy, on this machine: for a demo, the cluster test and `bench --nodes`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARENT_WATCH } from '../bench/parent-watch.js';
import { HaproxyMissing, findHaproxy, hardFileLimit, healthChange, maxconnFor, readTemplate, renderConfig, spawnHaproxy } from './haproxy.js';

/** Whether we run from the sources (tsx): the nodes then do too. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const MAIN = fileURLToPath(new URL(`../cli/main.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url));

export interface ClusterOptions {
  nodes: number;
  databaseUrl: string;
  /** The balancer's port on 127.0.0.1; 0: a free one. */
  port: number;
  /** The operator's ceiling on claims/s for the whole cluster, shared evenly: each node's waiting room gets its part. */
  admitRate: number | null;
  /** Without it, nodes run with --no-demo (an empty store stays empty). */
  demo: boolean;
  /** Where the rendered HAProxy configuration and the nodes' logs go. */
  workDir: string;
  /** Extra environment for the nodes (vending key, log level, ...), over this process's own. */
  env?: NodeJS.ProcessEnv;
  /** Extra node (V8) flags for every node, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Health changes, nodes that stop, the balancer stopping: told as they happen. */
  onEvent?: (e: ClusterEvent) => void;
  /** Progress lines (start-up). */
  log?: (s: string) => void;
}

export type ClusterEvent =
  | { kind: 'node-exit'; node: number; pid: number; code: number | null; signal: NodeJS.Signals | null; left: number }
  | { kind: 'health'; server: string; state: 'UP' | 'DOWN'; reason: string }
  | { kind: 'balancer-exit'; code: number | null; stderr: string };

export interface ClusterNode {
  /** 1-based, as HAProxy names it (node1, node2, ...). */
  index: number;
  url: string;
  pid: number;
  child: ChildProcess;
  stderr: () => string;
}

export interface Cluster {
  /** The balancer: what clients use. */
  url: string;
  configFile: string;
  nodes: ClusterNode[];
  balancerPid: number;
  /** Nodes still running. */
  alive(): ClusterNode[];
  /** Balancer first (no new exchanges; those in flight finish), then every node (each commits what it accepted). */
  stop(): Promise<void>;
}

export class PortInUse extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use on 127.0.0.1: stop the other program or choose --port`);
  }
}

/** Starts everything, or stops what it started and throws one readable error. */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const haproxy = findHaproxy();
  if (haproxy === null) throw new HaproxyMissing();
  const log = o.log ?? (() => {});
  const emit = o.onEvent ?? (() => {});
  // A port already taken is found now, not after the migration and N nodes' start-up.
  const port = o.port ? await portFree(o.port) : await freePort();
  // One migration before N nodes start, instead of N at once (each would run it; it is safe, only wasteful).
  await migrateOnce(o.databaseUrl);

  const nodes: ClusterNode[] = [];
  let stopping = false;
  let balancer: ChildProcess | null = null;
  const stopAll = async () => {
    stopping = true;
    if (balancer) {
      // SIGTERM becomes HAProxy's soft stop in its wrapper; closing stdin afterwards ends the wrapper's watcher.
      await stopChild(balancer, 'SIGTERM', 20_000);
      balancer.stdin?.end();
    }
    await Promise.all(nodes.map((n) => stopChild(n.child, 'SIGTERM', 30_000)));
  };
  const onExit = () => {
    // Last resort when this process exits without stop(): nothing started here may outlive it.
    balancer?.stdin?.end();
    balancer?.kill('SIGKILL');
    for (const n of nodes) n.child.kill('SIGKILL');
  };
  process.once('exit', onExit);

  try {
    const perNode = o.admitRate === null ? null : Math.max(1, Math.ceil(o.admitRate / o.nodes));
    log(`starting ${o.nodes} node${o.nodes > 1 ? 's' : ''} (guichet serve --database-url)${perNode === null ? '' : `, --admit-rate ${perNode} each`}`);
    const started = await Promise.allSettled(Array.from({ length: o.nodes }, (_, i) => startNode(o, i + 1, perNode)));
    for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    nodes.sort((a, b) => a.index - b.index);
    for (const n of nodes) {
      log(`node${n.index} on ${n.url} (pid ${n.pid})`);
      n.child.once('exit', (code, signal) => {
        if (!stopping) emit({ kind: 'node-exit', node: n.index, pid: n.pid, code, signal, left: nodes.filter(alive).length });
      });
    }

    const configFile = join(o.workDir, 'haproxy.cfg');
    writeFileSync(configFile, renderConfig(readTemplate(), {
      bind: `127.0.0.1:${port}`, maxconn: maxconnFor(hardFileLimit()), servers: nodes.map((n) => new URL(n.url).host),
    }));
    balancer = spawnHaproxy(haproxy, configFile);
    const b = balancer;
    let berr = '';
    b.stdout!.resume();
    b.stderr!.setEncoding('utf8');
    b.stderr!.on('data', (d: string) => {
      berr = (berr + d).slice(-16_384);
      // -db prints each warning twice (its own "[WARNING] ..." line and the log line): the bare log line is kept.
      for (const line of d.split('\n')) {
        const h = line.startsWith('[') ? null : healthChange(line);
        if (h) emit({ kind: 'health', ...h });
      }
    });
    b.once('exit', (code) => {
      if (!stopping) emit({ kind: 'balancer-exit', code, stderr: berr });
    });
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url, b, () => berr, 30_000);
    log(`HAProxy on ${url} (config ${configFile})`);
    return {
      url, configFile, nodes, balancerPid: b.pid ?? 0,
      alive: () => nodes.filter(alive),
      stop: async () => {
        await stopAll();
        process.removeListener('exit', onExit);
      },
    };
  } catch (e) {
    await stopAll();
    process.removeListener('exit', onExit);
    throw e;
  }
}

const alive = (n: ClusterNode): boolean => n.child.exitCode === null && n.child.signalCode === null;

async function migrateOnce(url: string): Promise<void> {
  const { openPool } = await import('../store/postgres/pool.js');
  const { migrate } = await import('../store/postgres/schema.js');
  // openPool turns a wrong URL, password or database into one plain PgConnectError.
  const pool = await openPool(url, { max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}

/** A port free now on 127.0.0.1 (HAProxy cannot be told to pick one and say which). */
const freePort = (): Promise<number> => portFree(0);

/** `port` (0: any) if it can be listened on now on 127.0.0.1; otherwise a plain error naming it. */
function portFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUse(port) : e));
    s.listen(port, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** One `guichet serve` on a port the system picks, on loopback only: clients reach it through the balancer. */
function startNode(o: ClusterOptions, index: number, admitRate: number | null): Promise<ClusterNode> {
  const args = ['serve', '--port', '0', '--database-url', o.databaseUrl, ...(o.demo ? [] : ['--no-demo']),
    ...(admitRate === null ? [] : ['--admit-rate', String(admitRate)])];
  const logFd = openSync(join(o.workDir, `node${index}.log`), 'a');
  // stdin stays an open pipe: parent-watch in the node stops it when this process is gone, even after a kill -9.
  const child = spawn(process.execPath, [...(o.nodeFlags ?? []), ...(FROM_SOURCE ? ['--import', 'tsx'] : []), ...PARENT_WATCH, MAIN, ...args], {
    env: { ...process.env, ...o.env, GUICHET_HOST: '127.0.0.1' },
    stdio: ['pipe', logFd, 'pipe'],
  });
  closeSync(logFd);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    err = (err + d).slice(-65_536);
  });
  return new Promise((resolve, reject) => {
    // Loading a large registry into memory takes a while: minutes, not hours.
    const timer = setTimeout(() => fail(new Error(`node${index} did not start within 300 s:\n${lastLines(err)}`)), 300_000);
    const poll = setInterval(() => {
      const m = /en service sur (http:\/\/[0-9.:]+)/.exec(err);
      if (m) done(() => resolve({ index, url: m[1], pid: child.pid ?? 0, child, stderr: () => err }));
    }, 25);
    child.once('exit', (code) => fail(new Error(`node${index} stopped while starting (exit ${code}):\n${lastLines(err)}`)));
    function fail(e: Error): void {
      done(() => {
        child.kill('SIGKILL');
        reject(e);
      });
    }
    function done(f: () => void): void {
      clearInterval(poll);
      clearTimeout(timer);
      f();
    }
  });
}

const lastLines = (s: string, n = 15): string => s.trim().split('\n').slice(-n).join('\n');

async function waitHealthy(url: string, balancer: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (balancer.exitCode !== null || balancer.signalCode !== null) {
      throw new Error(`HAProxy stopped at start (exit ${balancer.exitCode}):\n${lastLines(stderr())}`);
    }
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the balancer did not answer /healthz within ${timeoutMs / 1000} s (${last}):\n${lastLines(stderr())}`);
}

/** Signal, wait for the exit, force after `graceMs`. */
function stopChild(c: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
    c.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    c.kill(signal);
  });
}
