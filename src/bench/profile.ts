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
  samples: number[];
  timeDeltas: number[];
}

export function newestProfile(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}: did the node stop cleanly?`);
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

export function topSelfTime(file: string, count = 10): Hotspot[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { us: number; node: ProfileNode }>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]);
    const dt = p.timeDeltas[i + 1] ?? 0; // the time until the next sample is spent where this one landed
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const f = node.callFrame;
    const key = `${f.functionName}|${f.url}|${f.lineNumber}`;
    const e = selfUs.get(key) ?? { us: 0, node };
    e.us += dt;
    selfUs.set(key, e);
    total += dt;
  }
  return [...selfUs.values()].sort((a, b) => b.us - a.us).slice(0, count).map(({ us, node }) => ({
    self_pct: total > 0 ? Math.round((1000 * us) / total) / 10 : 0,
    self_ms: Math.round(us / 1000),
    function: node.callFrame.functionName || '(anonymous)',
    where: locate(node.callFrame),
  }));
}

/**
 * dist/ has no source maps (the build's choice), so a compiled line is traced back by name: the definition of
 * the same function in the .ts file, nearest the compiled line (tsc drops types, so source lines come later).
 */
function locate(f: ProfileNode['callFrame']): string {
  const line = f.lineNumber + 1;
  if (!f.url.startsWith('file://')) return f.url ? `${f.url}:${line}` : '(native)';
  const path = fileURLToPath(f.url);
  const rel = relative(ROOT, path);
  const m = rel.match(/^dist\/(.*)\.js$/);
  if (!m || !f.functionName) return `${rel}:${line}`;
  const src = join(ROOT, 'src', `${m[1]}.ts`);
  if (!existsSync(src)) return `${rel}:${line}`;
  const name = f.functionName.split('.').pop()!.replace(/[$]/g, '\\$');
  const def = new RegExp(`(function\\*?\\s+${name}\\b|\\b${name}\\s*(<[^>]*>)?\\s*\\(|\\b${name}\\s*[:=]\\s*(async\\s*)?(\\(|function))`);
  const lines = readFileSync(src, 'utf8').split('\n');
  let best = -1;
  for (let i = 0; i < lines.length; i++) {
    if (def.test(lines[i]) && (best < 0 || Math.abs(i + 1 - line) < Math.abs(best + 1 - line))) best = i;
  }
  return best >= 0 ? `src/${m[1]}.ts:${best + 1}` : `${rel}:${line}`;
}

// `node --import tsx src/bench/profile.ts FILE.cpuprofile [N]`: the same table for any profile.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]) && process.argv[2]) {
  for (const h of topSelfTime(process.argv[2], Number(process.argv[3] ?? 10))) {
    console.log(`${String(h.self_pct).padStart(5)}%  ${String(h.self_ms).padStart(7)} ms  ${h.function}  ${h.where}`);
  }
}
