/** @module Tests: `bench --nodes` flags, summed node counters, CPU accounting, and a tiny real run (embedded, 1 and 2 PostgreSQL nodes behind HAProxy). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findHaproxy } from '../cluster/haproxy.js';
import { pgAvailability } from '../store/test-support/pg.js';
import { cpuUse, processCpuS, type CpuMark } from './cpu.js';
import type { NodesReport } from './nodes.js';
import { parseBenchArgs } from './options.js';
import { parseCounters, sumCounters } from './sampler.js';

test('--nodes flags: sizes listed, a database required, throughput only, no chart', () => {
  const ok = parseBenchArgs(['--nodes', '1,2', '--database-url', 'postgres://u@h/d']);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.options.nodes, [1, 2]);
  assert.deepEqual(parseBenchArgs(['--database-url', 'postgres://u@h/d']).options.nodes, [1], '--database-url alone: one node');
  const bad = parseBenchArgs(['--nodes', '0,x', '--scenario', 'country', '--chart', 'a.svg']).problems.join('\n');
  assert.match(bad, /--nodes must list cluster sizes from 1 to 16/);
  assert.match(bad, /--nodes needs --database-url/);
  assert.match(bad, /--nodes goes with the throughput scenario/);
  assert.match(bad, /--chart is not drawn for --nodes/);
  assert.match(parseBenchArgs(['--nodes', '2', '--database-url', 'mysql://x']).problems.join('\n'), /postgres:\/\//);
  assert.equal(parseBenchArgs([]).options.nodes, null);
});

test('the nodes behind a balancer are sampled as one server: counters and histogram buckets added', () => {
  const text = (issued: number, replayed: number, b: number[]) => [
    `guichet_claims_total{channel="api",outcome="issued"} ${issued}`, `guichet_claims_total{channel="api",outcome="replayed"} ${replayed}`,
    `guichet_claim_duration_seconds_bucket{channel="api",le="0.01"} ${b[0]}`, `guichet_claim_duration_seconds_bucket{channel="api",le="+Inf"} ${b[1]}`].join('\n');
  const s = sumCounters([parseCounters(text(10, 1, [5, 11])), parseCounters(text(20, 0, [7, 20]))]);
  assert.equal(s.total, 31);
  assert.deepEqual(s.outcomes, { issued: 30, replayed: 1 });
  assert.deepEqual(s.buckets, [{ le: 0.01, count: 12 }, { le: Infinity, count: 31 }]);
});

test('CPU accounting: cores per group over the wall time, a process born in between counted from zero', () => {
  const a: CpuMark = { at: 0, machine: 10, groups: { guichet: new Map([[1, 5]]), postgres: new Map([[2, 1]]) } };
  const b: CpuMark = { at: 2000, machine: 13, groups: { guichet: new Map([[1, 7]]), postgres: new Map([[2, 1.5], [3, 0.5]]) } };
  const u = cpuUse(a, b);
  assert.deepEqual(u, { wall_s: 2, cores: { guichet: 1, postgres: 0.5 }, total_cores: 1.5, machine_cores: 1.5 });
  assert.ok((processCpuS(process.pid) ?? 0) > 0, 'this process has used some CPU (Linux /proc)');
});

const ENTRY = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const avail = pgAvailability('bench --nodes test');
const skip = findHaproxy() === null ? 'bench --nodes test skipped: haproxy is not installed (apt-get install haproxy)' : avail.skip;
if (skip) console.log(skip);
else if (avail.fail) test('bench --nodes', () => assert.fail(avail.fail));
else {
  test('bench --nodes 1,2: baseline, embedded, one and two PostgreSQL nodes behind HAProxy in one report; every store verifies', async () => {
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', ENTRY, 'bench', '--electricity', '300', '--water', '200', '--connections', '8', '--duration', '1',
        '--from-source', '--nodes', '1,2', '--database-url', avail.url!, '--json'], { timeout: 240_000, maxBuffer: 16 << 20 }, (e, stdout, stderr) => {
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr });
      });
    });
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    const rep = JSON.parse(r.stdout) as NodesReport;
    assert.deepEqual(rep.setups.map((s) => s.nodes), [null, 1, 1, 2]);
    assert.match(rep.setups[1].label, /embedded/);
    for (const s of rep.setups) {
      assert.ok(s.claims_per_s > 0, `${s.label} answered`);
      assert.equal(s.non_2xx, 0, `${s.label}: no answer >= 400`);
      assert.ok(s.per_machine_core > 0);
    }
    for (const s of rep.setups.slice(1)) {
      assert.ok(s.store?.journalOk, `${s.label}: ${s.store?.journalMessage}`);
      assert.equal(s.store!.credits, s.store!.distinctSubscribers);
      assert.equal(s.store!.unexpected, 0);
      assert.ok(s.issued_per_s > 0, `${s.label} issued credits`);
    }
    assert.ok(rep.setups[3].cpu.cores.haproxy !== undefined && rep.setups[3].cpu.cores.postgres !== undefined);
  });
}
