// Runs every *.test.ts under src/ with Node's own test runner (Node 20 has no --test glob).
// Usage: node scripts/run-tests.mjs [path-substring ...] to run only matching files.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = walk('src', []).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error('no test file matched');
  process.exit(1);
}
// A test that hangs fails after --test-timeout instead of holding the run (CI has 90 minutes for everything), and
// --test-force-exit ends a file whose tests are done even if a socket or child process it forgot keeps its loop alive.
const timeout = process.env.GUICHET_TEST_TIMEOUT_MS ?? '300000';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${timeout}`, '--test-force-exit', ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
