/** @module guichet bench end to end at a tiny size, with real processes: report shape, real issuance, a store that verifies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crowdStats } from './crowd.js';
import { parseCounters, quantileMs } from './sampler.js';
import { chooseGenerator } from './load.js';
import { wrkScript } from './wrk-script.js';

function chooseGeneratorOrNull(name: 'wrk'): string | null {
  try {
    return chooseGenerator(name).name;
  } catch {
    return null;
  }
}

const ENTRY = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
// Tiny registry, short runs, few connections: the point is the pipeline, not the figures (no timing thresholds).
const TINY = ['--electricity', '300', '--water', '200', '--connections', '8', '--from-source'];

function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', ENTRY, 'bench', ...args], { timeout: 120_000, maxBuffer: 16 << 20 }, (e, stdout, stderr) => {
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr });
    });
  });
}

const errorsZero = (e: Record<string, number>) => assert.deepEqual(e, { connect: 0, read: 0, write: 0, timeout: 0 });

test('throughput: baseline and real node side by side, claims really issued, journal verifies, chart drawn', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-test-'));
  try {
    const chart = join(dir, 'run.svg');
    const r = await bench([...TINY, '--duration', '2', '--json', '--chart', chart]);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    assert.equal(rep.scenario, 'throughput');
    assert.match(rep.generator.name, /^(wrk|node)$/);
    assert.match(r.stderr, /machine: \d+ cores/);
    assert.equal(rep.registry.retained, 500);
    for (const side of [rep.baseline, rep.guichet]) {
      assert.ok(side.per_s > 0);
      assert.equal(side.non_2xx, 0);
      errorsZero(side.socket_errors);
      for (const k of ['p50', 'p90', 'p99', 'max', 'mean']) assert.equal(typeof side.latency_ms[k], 'number');
      assert.ok(Array.isArray(side.series));
    }
    assert.ok(rep.guichet.claims_per_s > 0);
    assert.ok(rep.guichet.outcomes.issued > 0, 'claims were issued, not only replayed');
    assert.ok(rep.ratio > 0);
    assert.equal(rep.store.journalOk, true, rep.store.journalMessage);
    assert.equal(rep.store.credits, rep.guichet.outcomes.issued);
    assert.equal(rep.store.distinctSubscribers, rep.store.credits);
    assert.equal(rep.store.unexpected, 0);
    assert.match(readFileSync(chart, 'utf8'), /^<svg [^>]*>[\s\S]*<polyline[\s\S]*<\/svg>\s*$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Both generators: each has its own way of claiming every meter exactly once (wrk needs a Lua trick for it).
const GENERATORS = chooseGeneratorOrNull('wrk') ? ['node', 'wrk'] : ['node'];

for (const generator of GENERATORS) {
  test(`country: every retained meter claimed exactly once (${generator} generator), proven from the store`, async () => {
    const r = await bench([...TINY, '--scenario', 'country', '--duration', '60', '--generator', generator, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    assert.equal(rep.scenario, 'country');
    assert.equal(rep.generator.name, generator);
    assert.equal(rep.beneficiaries, 500);
    assert.equal(rep.complete, true);
    assert.ok(rep.total_s > 0 && rep.claims_per_s > 0);
    assert.equal(rep.outcomes.issued, 500);
    assert.equal(rep.outcomes.replayed ?? 0, 0);
    assert.equal(rep.non_2xx, 0);
    errorsZero(rep.socket_errors);
    assert.equal(rep.store.journalOk, true);
    assert.equal(rep.store.journalEntries, 500);
    assert.deepEqual([rep.store.credits, rep.store.distinctSubscribers, rep.store.missing, rep.store.unexpected], [500, 500, 0, 0]);
    assert.equal(rep.exactly_once, true);
    assert.ok(rep.rss_mib > 0 && rep.heap_used_mib > 0 && rep.heap_total_mib >= rep.heap_used_mib, JSON.stringify([rep.rss_mib, rep.heap_used_mib, rep.heap_total_mib]));
  });
}

test('crowd: everyone arriving within a second is served, answers are only 200 and 202', async () => {
  const r = await bench([...TINY, '--scenario', 'crowd', '--duration', '40', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.scenario, 'crowd');
  assert.equal(rep.people, 500);
  assert.equal(rep.served, 500);
  assert.deepEqual(Object.keys(rep.statuses).filter((k) => k !== '200' && k !== '202'), []);
  assert.equal(rep.socket_errors, 0);
  assert.equal(rep.ok, true);
});

test('flood: clients that never bring their pass back, with --admit-rate: only 200/202, no socket error, memory accounted', async () => {
  const r = await bench([...TINY, '--scenario', 'flood', '--threads', '2', '--admit-rate', '50', '--duration', '3', '--json']);
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.scenario, 'flood');
  assert.equal(rep.generator.threads, 2);
  assert.equal(rep.admit_rate, 50);
  assert.equal(rep.guichet.non_2xx, 0);
  errorsZero(rep.guichet.socket_errors);
  assert.ok(rep.guichet.outcomes.queued > 0, 'newcomers beyond the ceiling were queued (202), and never came back');
  assert.ok(rep.arrivals_per_s > 0);
  assert.equal(rep.healthy_after, true);
  assert.ok(rep.peak_rss_mib > 0 && rep.peak_rss_mib < 800, `peak ${rep.peak_rss_mib} MiB`);
  const m = rep.memory_after;
  assert.ok(m.rss_mib > 0 && m.heap_used_mib > 0 && m.heap_spaces_mib.old > 0, JSON.stringify(m));
  assert.ok(m.waiting > 0 && m.line_mib >= 0, 'the line is still there after the flood, its size told');
  assert.equal(typeof m.open_connections, 'number');
  assert.equal(r.code, rep.ok ? 0 : 1);
});

test('bad flags are refused before any work, every problem listed', async () => {
  const bad = await bench(['--connections', '20000', '--scenario', 'nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--connections must be a whole number from 1 to 16000/);
  assert.match(bad.stderr, /--scenario must be one of/);
});

test('crowd statistics: order inversions and ETAs measured against what each person was told', () => {
  const p = (arrived: number, servedAt: number, eta: number | null) => ({
    arrived, firstStatus: eta === null ? 200 : 202, firstAt: arrived, position: null, eta, servedAt, visits: 1, statuses: { 200: 1 }, errors: 0,
  });
  const s = crowdStats([p(0, 1, null), p(0.1, 4.1, 4), p(0.2, 3, 2)]);
  assert.equal(s.served, 3);
  assert.equal(s.total_s, 4.1);
  assert.equal(s.order_inversions_pct, 33.33, 'the third arrival was served before the second');
  assert.equal(s.eta_within_25pct, 0.5, 'waited 4 s for 4 (true), 2.8 s for 2 (40% off)');
});

test('per-second latency from two histogram samples, as Prometheus interpolates it', () => {
  const text = (n: number[]) => ['guichet_claims_total{channel="api",outcome="issued"} 7',
    ...[0.001, 0.01, 0.1].map((le, i) => `guichet_claim_duration_seconds_bucket{channel="api",le="${le}"} ${n[i]}`),
    `guichet_claim_duration_seconds_bucket{channel="api",le="+Inf"} ${n[3]}`].join('\n');
  const a = parseCounters(text([0, 0, 0, 0]));
  const b = parseCounters(text([50, 100, 100, 100]));
  assert.equal(b.total, 7);
  assert.equal(quantileMs(a.buckets, b.buckets, 0.5), 1);
  assert.ok(Math.abs(quantileMs(a.buckets, b.buckets, 0.99)! - 9.82) < 1e-9);
  assert.equal(quantileMs(b.buckets, b.buckets, 0.5), null, 'no claim in the interval, no latency');
});

test('the wrk script splits the meters between threads and never repeats one in once mode', () => {
  const s = wrkScript('/tmp/m.txt', 2, 'once');
  assert.match(s, /for i = tid, #list, threads do/);
  assert.match(s, /local once = true/);
  assert.match(s, /function delay\(\)/);
  assert.match(s, /if not checked then/, 'the request wrk throws away before the run is a filler, not a meter');
  assert.doesNotMatch(wrkScript('/tmp/m.txt', 1, 'cycle'), /function delay/);
});
