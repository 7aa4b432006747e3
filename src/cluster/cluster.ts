/** @module N `guichet serve` nodes on one PostgreSQL behind HAProxy, on this machine: for a demo, the cluster test and `bench --nodes`. */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { nextRestart, type NextRestart } from '../lib/backoff.js';
import { HaproxyMissing, findHaproxy, hardFileLimit, healthChange, maxconnFor, readTemplate, renderConfig, spawnHaproxy } from './haproxy.js';
import { lastLines, running, startNode, stopChild, type ClusterNode } from './node.js';

export type { ClusterNode } from './node.js';

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
  /** Health changes, nodes that stop and their restarts, the balancer stopping: told as they happen. */
  onEvent?: (e: ClusterEvent) => void;
  /** Progress lines (start-up). */
  log?: (s: string) => void;
}

export type ClusterEvent =
  | { kind: 'node-exit'; node: number; pid: number; code: number | null; signal: NodeJS.Signals | null; left: number }
  /** A dead node will be started again, on its port, in `delayMs` (see backoff.ts). */
  | { kind: 'node-restart'; node: number; attempt: number; delayMs: number; crashLoop: boolean }
  /** It listens again; HAProxy puts it back in rotation at its next good health checks. */
  | { kind: 'node-restarted'; node: number; pid: number; url: string; attempt: number }
  /** It stopped again before listening (`reason` ends with its last stderr lines); another node-restart follows. */
  | { kind: 'node-restart-failed'; node: number; attempt: number; reason: string }
  | { kind: 'health'; server: string; state: 'UP' | 'DOWN'; reason: string }
  | { kind: 'balancer-exit'; code: number | null; stderr: string };

export interface Cluster {
  /** The balancer: what clients use. */
  url: string;
  configFile: string;
  /** Each node's current process, by index: a restarted node replaces its entry (same url, new pid). */
  nodes: ClusterNode[];
  balancerPid: number;
  /** Nodes still running. */
  alive(): ClusterNode[];
  /** Pending restarts cancelled, then the balancer (no new exchanges; those in flight finish), then every node process, restarted or still starting (each commits what it accepted). */
  stop(): Promise<void>;
}

export class PortInUse extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use on 127.0.0.1: stop the other program or choose --port`);
  }
}

/** Starts everything, or stops what it started and throws one readable error. A node that dies is started again. */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const haproxy = findHaproxy();
  if (haproxy === null) throw new HaproxyMissing();
  const log = o.log ?? (() => {});
  const emit = o.onEvent ?? (() => {});
  // A port already taken is found now, not after the migration and N nodes' start-up.
  let port = o.port ? await portFree(o.port) : await freePort();
  // One migration before N nodes start, instead of N at once (each would run it; it is safe, only wasteful).
  await migrateOnce(o.databaseUrl);

  const nodes: ClusterNode[] = [];
  // Every node process started here, first start or restart, answering or still starting: what stopping reaches.
  const children = new Set<ChildProcess>();
  const track = (c: ChildProcess) => {
    children.add(c);
    c.once('exit', () => children.delete(c));
  };
  const restarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  let balancer: ChildProcess | null = null;
  const stopAll = async () => {
    stopping = true;
    for (const t of restarts) clearTimeout(t);
    restarts.clear();
    if (balancer) {
      // SIGTERM becomes HAProxy's soft stop in its wrapper; closing stdin afterwards ends the wrapper's watcher.
      await stopChild(balancer, 'SIGTERM', 20_000);
      balancer.stdin?.end();
    }
    await Promise.all([...children].map((c) => stopChild(c, 'SIGTERM', 30_000)));
  };
  const onExit = () => {
    // Last resort when this process exits without stop(): nothing started here may outlive it.
    balancer?.stdin?.end();
    balancer?.kill('SIGKILL');
    for (const c of children) c.kill('SIGKILL');
  };
  process.once('exit', onExit);

  const perNode = o.admitRate === null ? null : Math.max(1, Math.ceil(o.admitRate / o.nodes));
  const args = ['--database-url', o.databaseUrl, ...(o.demo ? [] : ['--no-demo']), ...(perNode === null ? [] : ['--admit-rate', String(perNode)])];
  const launch = (index: number, nodePort: number) =>
    startNode({ index, port: nodePort, args, workDir: o.workDir, env: o.env, nodeFlags: o.nodeFlags, onSpawn: track });

  /** Watches a node that answers; when it dies, it is started again (`attempt`: the restart that started it, 0 at first). */
  const supervise = (n: ClusterNode, attempt: number) => {
    const upSince = Date.now();
    n.child.once('exit', (code, signal) => {
      if (stopping) return;
      emit({ kind: 'node-exit', node: n.index, pid: n.pid, code, signal, left: nodes.filter(alive).length });
      restart(n.index, Number(new URL(n.url).port), nextRestart(attempt, Date.now() - upSince));
    });
  };
  // The same port, since HAProxy's server line names it; the same arguments. One timer per dead node, no loop.
  const restart = (index: number, nodePort: number, r: NextRestart) => {
    emit({ kind: 'node-restart', node: index, attempt: r.attempt, delayMs: r.delayMs, crashLoop: r.crashLoop });
    const timer = setTimeout(() => {
      restarts.delete(timer);
      launch(index, nodePort).then((n) => {
        // Stopping meanwhile: stopAll reaches this process too (tracked since its spawn).
        if (stopping) return;
        nodes[nodes.findIndex((x) => x.index === index)] = n;
        emit({ kind: 'node-restarted', node: index, pid: n.pid, url: n.url, attempt: r.attempt });
        supervise(n, r.attempt);
      }, (e: Error) => {
        if (stopping) return;
        emit({ kind: 'node-restart-failed', node: index, attempt: r.attempt, reason: e.message });
        restart(index, nodePort, nextRestart(r.attempt, null));
      });
    }, r.delayMs);
    restarts.add(timer);
  };

  try {
    log(`starting ${o.nodes} node${o.nodes > 1 ? 's' : ''} (guichet serve --database-url)${perNode === null ? '' : `, --admit-rate ${perNode} each`}`);
    const started = await Promise.allSettled(Array.from({ length: o.nodes }, (_, i) => launch(i + 1, 0)));
    for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    nodes.sort((a, b) => a.index - b.index);
    for (const n of nodes) {
      log(`node${n.index} on ${n.url} (pid ${n.pid})`);
      supervise(n, 0);
    }
    const configFile = join(o.workDir, 'haproxy.cfg');
    for (let tries = 1; ; tries++) {
      // Any port: picked again now, since the nodes' start-up left seconds for another process to take the first one.
      if (!o.port) port = await freePort();
      writeFileSync(configFile, renderConfig(readTemplate(), {
        bind: `127.0.0.1:${port}`, maxconn: maxconnFor(hardFileLimit()), servers: nodes.map((n) => new URL(n.url).host),
      }));
      balancer = spawnHaproxy(haproxy, configFile);
      try {
        await startBalancer(balancer, port);
        break;
      } catch (e) {
        // Between the check and HAProxy's bind another process may still take an ephemeral port: try another one.
        if (o.port || tries >= 3 || !(e instanceof Error && /cannot bind socket \(Address already in use\)/.test(e.message))) throw e;
        balancer.stdin?.end();
        log(`port ${port} was taken before HAProxy bound it; trying another`);
      }
    }
    const url = `http://127.0.0.1:${port}`;
    log(`HAProxy on ${url} (config ${configFile})`);
    return {
      url, configFile, nodes, balancerPid: balancer.pid ?? 0,
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

  /** Follows HAProxy's health lines and waits until it answers through to a node. */
  async function startBalancer(b: ChildProcess, at: number): Promise<void> {
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
    // An exit before it answers is start-up's failure (waitHealthy throws it); only a later one is news to the caller.
    let up = false;
    b.once('exit', (code) => {
      if (!stopping && up) emit({ kind: 'balancer-exit', code, stderr: berr });
    });
    await waitHealthy(`http://127.0.0.1:${at}`, b, () => berr, 30_000);
    up = true;
  }
}

const alive = (n: ClusterNode): boolean => running(n.child);

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
