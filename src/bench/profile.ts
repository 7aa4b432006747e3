/** @module Top self-time functions of a V8 .cpuprofile (node --cpu-prof), named by source file and line. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './runner.js';

export interface Hotspot {
  /** Share of all samples, idle excluded, in percent. */
  self_pct: number;
  self_ms: number;
  function: string;
  /** `src/x.ts:L` when the compiled line could be traced back to the source, else the profiled file and line. */
  where: string;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Monotonic microseconds, the clock of a .cpuprofile's timestamps (CLOCK_MONOTONIC, like process.hrtime). */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** The part of a run the profile is about: the load, not the start-up that loads the registry. */
export interface Window {
  fromUs: number;
  toUs: number;
}

/** One thread's profile of the node: the main thread (HTTP, claims) or a worker (the store writer). */
export interface ThreadProfile {
  thread: string;
  file: string;
  /** CPU time the thread spent (idle excluded) inside the window. */
  busy_ms: number;
  window_ms: number;
  hotspots: Hotspot[];
}

/** node --cpu-prof writes CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile per thread: those of the latest process. */
export function profilesOf(dir: string, window: Window | null, count = 10): ThreadProfile[] {
  const files = readdirSync(dir).map((f) => ({ f, m: f.match(/^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/) })).filter((x) => x.m);
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}: did the node stop cleanly?`);
  const newest = files.reduce((a, b) => (statSync(join(dir, b.f)).mtimeMs > statSync(join(dir, a.f)).mtimeMs ? b : a));
  return files.filter((x) => x.m![1] === newest.m![1]).sort((a, b) => Number(a.m![2]) - Number(b.m![2])).map((x) => {
    const r = selfTimes(join(dir, x.f), window);
    return {
      thread: x.m![2] === '0' ? 'main' : `worker ${x.m![2]}`, file: join(dir, x.f),
      busy_ms: Math.round(r.totalUs / 1000), window_ms: window ? Math.round((window.toUs - window.fromUs) / 1000) : 0,
      hotspots: r.top(count),
    };
  });
}

export function topSelfTime(file: string, count = 10, window: Window | null = null): Hotspot[] {
  return selfTimes(file, window).top(count);
}

function selfTimes(file: string, window: Window | null): { totalUs: number; top: (count: number) => Hotspot[] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  // Sample i was taken at startTime + timeDeltas[0..i]; outside the window it is start-up or shutdown.
  const at: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) at.push((t += d));
  const inWindow = window !== null && at.some((x) => x >= window.fromUs && x <= window.toUs);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { us: number; node: ProfileNode }>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]);
    const dt = p.timeDeltas[i + 1] ?? 0; // the time until the next sample is spent where this one landed
    if (!node || node.callFrame.functionName === '(idle)') continue;
    if (inWindow && (at[i] < window!.fromUs || at[i] > window!.toUs)) continue;
    const f = node.callFrame;
    const key = `${f.functionName}|${f.url}|${f.lineNumber}`;
    const e = selfUs.get(key) ?? { us: 0, node };
    e.us += dt;
    selfUs.set(key, e);
    total += dt;
  }
  const top = (count: number): Hotspot[] => [...selfUs.values()].sort((a, b) => b.us - a.us).slice(0, count).map(({ us, node }) => ({
    self_pct: total > 0 ? Math.round((1000 * us) / total) / 10 : 0,
    self_ms: Math.round(us / 1000),
    function: node.callFrame.functionName || '(anonymous)',
    where: locate(node.callFrame),
  }));
  return { totalUs: total, top };
}

/**
 * dist/ has no source maps (the build's choice), so a compiled line is traced back: to the definition of the same
 * function in the .ts file, else (anonymous functions) to the line with the same words in the same order; the
 * nearest to the compiled line wins (tsc drops types and blank lines shift, so lines move a little).
 */
function locate(f: ProfileNode['callFrame']): string {
  const line = f.lineNumber + 1;
  if (!f.url.startsWith('file://')) return f.url ? `${f.url}:${line}` : '(native)';
  const path = fileURLToPath(f.url);
  const rel = relative(ROOT, path);
  const m = rel.match(/^dist\/(.*)\.js$/);
  const src = m ? join(ROOT, 'src', `${m[1]}.ts`) : '';
  if (!m || !existsSync(src)) return `${rel}:${line}`;
  const lines = readFileSync(src, 'utf8').split('\n');
  let test: (l: string) => boolean;
  if (f.functionName) {
    const name = f.functionName.split('.').pop()!.replace(/[$]/g, '\\$');
    const def = new RegExp(`^\\s*(export\\s+)?((async|static|private|protected|public|override|readonly|get|set|function\\*?)\\s+)*\\*?${name}\\s*(<[^>]*>)?\\s*\\(` +
      `|\\b${name}\\s*[:=]\\s*(async\\s*)?(\\(|function|[A-Za-z_$][\\w$]*\\s*=>)|\\bclass\\s+${name}\\b`);
    test = (l) => def.test(l);
  } else {
    const js = readFileSync(path, 'utf8').split('\n')[line - 1] ?? '';
    const words = js.match(/[A-Za-z_$][\w$]*/g) ?? [];
    if (words.length === 0) return `${rel}:${line}`;
    const inOrder = new RegExp(words.map((w) => `\\b${w.replace(/[$]/g, '\\$')}\\b`).join('[\\s\\S]*'));
    test = (l) => inOrder.test(l);
  }
  let best = -1;
  for (let i = 0; i < lines.length; i++) {
    if (test(lines[i]) && (best < 0 || Math.abs(i + 1 - line) < Math.abs(best + 1 - line))) best = i;
  }
  return best >= 0 ? `src/${m[1]}.ts:${best + 1}` : `${rel}:${line}`;
}

// `node --import tsx src/bench/profile.ts FILE.cpuprofile [N]`: the same table for any profile (whole run).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]) && process.argv[2]) {
  for (const h of topSelfTime(process.argv[2], Number(process.argv[3] ?? 10))) {
    console.log(`${String(h.self_pct).padStart(5)}%  ${String(h.self_ms).padStart(7)} ms  ${h.function}  ${h.where}`);
  }
}
