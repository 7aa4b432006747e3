/** @module The two servers a bench compares, each in its own fresh process on a loopback port the system picks. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stop, tail, track, waitForLine, type Spawned } from './processes.js';
import { sourceAddress } from './load.js';
import { benchEnv } from './registry.js';
import { ROOT, type Runner } from './runner.js';
import { fetchText } from './sampler.js';
import { SERVING_ADDRESS } from '../server/banner.js';

export interface RunningServer {
  name: string;
  url: string;
  /** Where per-second counters are read: the node's /metrics (each node's, behind a balancer), the baseline's /stats. */
  countersUrl: string | readonly string[];
  pid: number;
  /** Resident memory now, from /proc (Linux), in MiB. */
  rssMiB(): number | null;
  /** Highest resident memory since the process started (VmHWM), in MiB. */
  peakMiB(): number | null;
  /** Bytes this process caused to be written to storage so far (/proc/<pid>/io write_bytes, threads included), or null. */
  writtenBytes(): number | null;
  stop(): Promise<number>;
}

export function procStatus(pid: number | undefined, field: string): number | null {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null; // not Linux, or the process is gone
  }
}

export function procIo(pid: number | undefined, field: string): number | null {
  try {
    const m = readFileSync(`/proc/${pid}/io`, 'utf8').match(new RegExp(`^${field}: (\\d+)$`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function wrap(name: string, p: Spawned, url: string, countersUrl: string): RunningServer {
  return {
    name, url, countersUrl, pid: p.child.pid ?? 0,
    rssMiB: () => procStatus(p.child.pid, 'VmRSS'),
    peakMiB: () => procStatus(p.child.pid, 'VmHWM'),
    writtenBytes: () => procIo(p.child.pid, 'write_bytes'),
    stop: () => stop(p),
  };
}

export async function startBaseline(runner: Runner, workDir: string): Promise<RunningServer> {
  const p = track(process.execPath, runner.helper('baseline-server'), { cwd: ROOT, env: benchEnv(), logFile: join(workDir, 'baseline.log') });
  const err = tail(p.child.stderr);
  const m = await waitForLine(p, err, /baseline listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000, 'the baseline server');
  return wrap('baseline', p, m[1], `${m[1]}/stats`);
}

export interface GuichetOptions {
  dataDir: string;
  workDir: string;
  /** Folder for a CPU profile (node --cpu-prof), written when the server stops. */
  profileDir?: string | null;
  extraArgs?: string[];
  /** The load comes from this many loopback addresses (127.0.0.1, .2, ...): all exempt from per-address limits. */
  sourceAddresses?: number;
  /** More environment for the node (the SMSC to send to). */
  env?: Record<string, string>;
}

/**
 * `guichet serve --no-demo` on the bench's store, with a vending key made for this run (prepaid claims are real
 * STS issuance). Ready once it prints its address and /healthz answers: loading 400k subscribers takes seconds.
 */
export async function startGuichet(runner: Runner, o: GuichetOptions): Promise<RunningServer> {
  const flags = o.profileDir ? ['--cpu-prof', '--cpu-prof-dir', o.profileDir] : [];
  const args = runner.guichet(['serve', '--no-demo', '--data-dir', o.dataDir, '--port', '0', ...(o.extraArgs ?? [])], flags);
  const env = benchEnv({ GUICHET_STS_VENDING_KEY: randomBytes(8).toString('hex'), ...o.env });
  if ((o.sourceAddresses ?? 1) > 1) {
    // A load test is not abuse: its extra loopback sources get the exemption 127.0.0.1 has by default.
    const v4 = Array.from({ length: o.sourceAddresses! }, (_, i) => sourceAddress(i));
    env.GUICHET_TRUSTED_ADDRESSES = [...v4, ...v4.map((a) => `::ffff:${a}`), '::1'].join(',');
  }
  const p = track(process.execPath, args, { cwd: ROOT, env, logFile: join(o.workDir, 'guichet.log') });
  const err = tail(p.child.stderr);
  const m = await waitForLine(p, err, SERVING_ADDRESS, 300_000, 'guichet serve');
  const url = m[1];
  await fetchText(`${url}/healthz`, 30_000);
  return wrap('guichet', p, url, `${url}/metrics`);
}
