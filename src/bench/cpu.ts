/** @module CPU time spent by the processes under test during a run (Linux /proc): claims per core actually used, not per core owned. */
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Clock ticks per second of /proc's utime and stime (100 on every Linux we run on; asked, not assumed). */
const TICKS = (() => {
  const n = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/**
 * user + system CPU seconds of one process (all its threads), or of one of its threads (`tid`; the main thread's is
 * the pid), or null when it is gone or this is not Linux.
 */
export function processCpuS(pid: number, tid?: number): number | null {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return null;
  }
}

/** Pids of every local process named `name` (PostgreSQL's backends are one process per connection). */
export function pidsNamed(name: string): number[] {
  const out: number[] = [];
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name) out.push(Number(d));
      } catch { /* gone meanwhile */ }
    }
  } catch { /* not Linux */ }
  return out;
}

/** The parent of a process, from /proc (HAProxy runs under the cluster's watching shell). */
export function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Busy (non-idle) CPU seconds of the whole machine, every core: what else ran shows here too. */
export function machineBusyS(): number | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...: idle and iowait are not work.
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - f[3] - f[4]) / TICKS;
  } catch {
    return null;
  }
}

export interface CpuMark {
  at: number;
  /** CPU seconds so far by group name and pid. */
  groups: Record<string, Map<number, number>>;
  machine: number | null;
}

/** Groups of processes to account separately, e.g. { guichet: [pids], haproxy: [pid], postgres: () => pidsNamed('postgres') }. */
export type CpuGroups = Record<string, () => number[]>;

export function cpuMark(groups: CpuGroups): CpuMark {
  const out: CpuMark['groups'] = {};
  for (const [name, pids] of Object.entries(groups)) {
    const m = new Map<number, number>();
    for (const pid of pids()) {
      const s = processCpuS(pid);
      if (s !== null) m.set(pid, s);
    }
    out[name] = m;
  }
  return { at: performance.now(), groups: out, machine: machineBusyS() };
}

export interface CpuUse {
  wall_s: number;
  /** Cores each group kept busy on average over the run (CPU seconds ÷ wall seconds). */
  cores: Record<string, number>;
  /** The sum over the groups: the cores the system under test used. */
  total_cores: number;
  /** Every core of the machine that was busy, whatever ran (the load generator, other work). */
  machine_cores: number | null;
}

/** Cores used between two marks; a process that appeared between them counts from zero. */
export function cpuUse(a: CpuMark, b: CpuMark): CpuUse {
  const wall = (b.at - a.at) / 1000;
  const cores: Record<string, number> = {};
  let total = 0;
  for (const [name, after] of Object.entries(b.groups)) {
    let s = 0;
    for (const [pid, t] of after) s += t - (a.groups[name]?.get(pid) ?? 0);
    cores[name] = r2(s / wall);
    total += s / wall;
  }
  return {
    wall_s: r2(wall), cores, total_cores: r2(total),
    machine_cores: a.machine === null || b.machine === null ? null : r2((b.machine - a.machine) / wall),
  };
}

const r2 = (n: number): number => Math.round(n * 100) / 100;
