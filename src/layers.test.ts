/**
 * @module The tree's dependency rules, checked on every run: no folder imports a folder above it, production code
 * never imports test or benchmark code, the build ships none of it, and no source file grows past 300 lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(SRC);

/**
 * Each top folder's layer: a module may import its own folder and folders of a lower layer only. Pure domain (and
 * small pure helpers, lib/) at the bottom; the capabilities; the claim core and admission; the store; the edges
 * (HTTP kit, channels, console); the node; the tools that run nodes; the command line on top.
 */
export const LAYERS: Record<string, number> = {
  domain: 0,
  lib: 0,
  sts: 1, journal: 1, config: 1,
  programmes: 2, registry: 2,
  admission: 3,
  claims: 4,
  store: 5,
  http: 6, credits: 6, demo: 6, sms: 6,
  // grievances sit between the kit (SMS texts, the issuers) and the edges that adapt their port (channels, console)
  grievances: 6.5,
  channels: 7, console: 7,
  server: 8,
  cluster: 9,
  bench: 10,
  cli: 11,
};

const isTestCode = (f: string) => /\.test\.ts$|\.bench\.ts$|(^|\/)bench\.ts$|(^|\/)test-support(\/|\.ts$)/.test(f);

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.endsWith('.ts') && !n.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g;
const top = (file: string) => relative(SRC, file).split('/')[0];

function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) out.push(resolve(dirname(file), m[1]).replace(/\.js$/, '.ts'));
  return out;
}

const production = walk(SRC).filter((f) => !isTestCode(relative(SRC, f)) && relative(SRC, f).includes('/'));

test('every top folder has a layer', () => {
  const folders = new Set(production.map(top));
  assert.deepEqual([...folders].filter((f) => !(f in LAYERS)), []);
});

test('no folder imports a folder above its layer, nor one beside it', () => {
  const bad: string[] = [];
  for (const f of production) {
    const from = top(f);
    for (const imp of importsOf(f)) {
      const to = top(imp);
      if (to === from || to.endsWith('.ts')) continue;
      if (!(LAYERS[to] < LAYERS[from])) bad.push(`${relative(SRC, f)} -> ${relative(SRC, imp)} (${from} ${LAYERS[from]}, ${to} ${LAYERS[to]})`);
    }
  }
  assert.deepEqual(bad, []);
});

test('production code imports no test, test-support or benchmark module', () => {
  const bad: string[] = [];
  for (const f of production) for (const imp of importsOf(f)) if (isTestCode(relative(SRC, imp))) bad.push(`${relative(SRC, f)} -> ${relative(SRC, imp)}`);
  assert.deepEqual(bad, []);
});

test('the build (dist/) compiles no test, test-support or benchmark file', () => {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const listed = execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--listFilesOnly'], { encoding: 'utf8' })
    .split('\n').filter((l) => l.startsWith(SRC)).map((l) => relative(SRC, l));
  assert.ok(listed.length > 100, `only ${listed.length} files listed`);
  assert.deepEqual(listed.filter(isTestCode), []);
});

test('no source file is past 300 lines', () => {
  const long = production.map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 300);
  assert.deepEqual(long, []);
});
