// Runs every *.test.ts under src/ with Node's own test runner (Node 20 has no --test glob), two files at a time.
// Usage: node scripts/run-tests.mjs [path-substring ...] to run only matching files.
//
// Each file runs in a process group of its own, with a time limit (GUICHET_TEST_FILE_TIMEOUT_S, 600 s by default):
// a file that hangs, or leaves a child process holding its output open, is killed with everything it started and
// named as timed out, instead of holding the whole run until CI's limit. A file's output is printed whole when it
// ends, so two files running side by side never interleave their lines.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

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
const fileLimitMs = Number(process.env.GUICHET_TEST_FILE_TIMEOUT_S ?? 600) * 1000;
const testLimitMs = process.env.GUICHET_TEST_TIMEOUT_MS ?? '300000';
const concurrency = Number(process.env.GUICHET_TEST_CONCURRENCY ?? 2);

const killGroup = (pid, signal) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
};

/** Runs one file; resolves to its counts once it has exited (its leftovers killed). */
function runFile(file) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    // --test-timeout fails one hanging test; --test-force-exit ends a file whose tests are done even if a handle it
    // forgot keeps its loop alive.
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', `--test-timeout=${testLimitMs}`,
      '--test-force-exit', file], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, fileLimitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Whatever the file started and left running (a server, a simulator) goes with it, so it cannot hold a pipe.
      killGroup(child.pid, 'SIGKILL');
      const done = () => {
        const out = Buffer.concat(chunks).toString('utf8');
        const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
        resolve({ file, out, code, signal, timedOut, ms: Date.now() - t0, tests: count('tests'), pass: count('pass'), fail: count('fail'),
          skipped: count('skipped') });
      };
      // The output still in the pipe arrives before 'close'; a grandchild that kept the pipe open was just killed.
      const wait = setTimeout(done, 2000);
      child.once('close', () => {
        clearTimeout(wait);
        done();
      });
    });
  });
}

const t0 = Date.now();
const results = [];
let next = 0;
async function worker() {
  while (next < files.length) {
    const r = await runFile(files[next++]);
    results.push(r);
    const status = r.timedOut ? `TIMED OUT after ${fileLimitMs / 1000} s (killed)` : r.code === 0 ? 'ok' : `FAILED (exit ${r.code ?? r.signal})`;
    process.stdout.write(`# file ${r.file}: ${status}, ${r.pass}/${r.tests} passed, ${(r.ms / 1000).toFixed(1)} s\n${r.out}\n`);
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));

const sum = (k) => results.reduce((n, r) => n + r[k], 0);
const bad = results.filter((r) => r.timedOut || r.code !== 0);
console.log(`# all files: ${results.length} files, ${sum('tests')} tests, ${sum('pass')} passed, ${sum('fail')} failed, ${sum('skipped')} skipped, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
for (const r of [...results].sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`#   slowest: ${r.file} ${(r.ms / 1000).toFixed(1)} s`);
for (const r of bad) console.log(`# not ok: ${r.file}${r.timedOut ? ' (timed out)' : ` (${r.fail} failed, exit ${r.code ?? r.signal})`}`);
process.exit(bad.length === 0 ? 0 : 1);
