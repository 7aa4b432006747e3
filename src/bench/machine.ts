/** @module The machine a bench ran on, printed in its header: absolute figures only mean something next to it. */
import { availableParallelism, cpus, loadavg, platform, arch, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Generator } from './load.js';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  os: string;
  node: string;
  generator: string;
  /** Soft limit on open files per process (ulimit -n): bounds the connections a run may open. */
  fileLimit: number | null;
  /** 1-minute load average at the start: other work on a shared machine shows here. */
  load1: number;
}

function fileLimit(): number | null {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : null;
}

export function describeMachine(gen: Generator): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${arch()}`,
    node: process.version,
    generator: gen.name === 'wrk' ? `wrk ${gen.version}` : gen.version,
    fileLimit: fileLimit(),
    load1: Math.round(loadavg()[0] * 100) / 100,
  };
}

export function machineLine(m: Machine): string {
  return `machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}, node ${m.node}, ${m.generator}, ` +
    `file limit ${m.fileLimit ?? '?'}, load ${m.load1}`;
}

/**
 * The kernel's count of connections dropped because a listen queue was full (TcpExt ListenOverflows/ListenDrops,
 * machine-wide): a client sees those only as slow connects or timeouts, so the bench reads them directly.
 */
/** Listen-queue overflows on the whole machine since `before` (a listenDrops() reading); null where /proc cannot say. */
export function overflowsSince(before: ReturnType<typeof listenDrops>): number | null {
  const now = listenDrops();
  return before && now ? now.overflows - before.overflows : null;
}

export function listenDrops(): { overflows: number; drops: number } | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = lines[0].split(/\s+/);
    const values = lines[1].split(/\s+/).map(Number);
    return { overflows: values[names.indexOf('ListenOverflows')], drops: values[names.indexOf('ListenDrops')] };
  } catch {
    return null;
  }
}
