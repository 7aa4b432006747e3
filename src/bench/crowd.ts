/** @module Scenario `crowd`: 2,000 people in one second against `serve --admit-rate 200`; served in order, ETAs that come true. */
import { createContext, registry, round, serveFlags, type RegistryFacts } from './context.js';
import type { CrowdSpec, Person } from './crowd-client.js';
import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { tail, track } from './processes.js';
import { ROOT } from './runner.js';
import { startGuichet } from './servers.js';

export interface CrowdStats {
  people: number;
  served: number;
  /** First arrival to last person served, seconds. */
  total_s: number | null;
  /** People whose first answer was 202 (queued), and their first answers by status. */
  queued: number;
  first_statuses: Record<string, number>;
  /** Every answer by status, over all visits. */
  statuses: Record<string, number>;
  visits: number;
  socket_errors: number;
  /** Pairs served in the reverse of their arrival order, among all pairs (0: perfect FIFO). */
  order_inversions_pct: number;
  /** Queued people whose real wait was within 25% of the eta_s they were first given. */
  eta_within_25pct: number | null;
  eta_median_error_pct: number | null;
  /** Per second since the first arrival: people served, and the mean real and promised wait of those served then. */
  series: { t: number; served: number; wait_s: number; eta_s: number | null }[];
}

export interface CrowdReport extends CrowdStats {
  scenario: 'crowd';
  machine: Machine;
  registry: RegistryFacts;
  admit_rate: number | null;
  /** Issue 4's bar: all served, only 200/202 answers, nobody refused by a socket error. */
  ok: boolean;
  note: string | null;
}

export function crowdStats(ps: Person[]): CrowdStats {
  const served = ps.filter((p) => p.servedAt !== null);
  const count = (pick: (p: Person) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const p of ps) for (const [k, v] of Object.entries(pick(p))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  // Inversions: i arrived before j, but j was served first (O(n²): 2,000 people is 2 million pairs).
  let pairs = 0;
  let inversions = 0;
  for (let i = 0; i < served.length; i++) {
    for (let j = 0; j < served.length; j++) {
      if (served[i].arrived < served[j].arrived) {
        pairs++;
        if (served[j].servedAt! < served[i].servedAt!) inversions++;
      }
    }
  }
  const errs = served.filter((p) => p.firstStatus === 202 && p.eta !== null && p.eta > 0)
    .map((p) => Math.abs(p.servedAt! - p.firstAt - p.eta!) / p.eta!).sort((a, b) => a - b);
  const first = Math.min(...ps.map((p) => p.arrived));
  const bySecond = new Map<number, Person[]>();
  for (const p of served) {
    const t = Math.floor(p.servedAt! - first) + 1;
    bySecond.set(t, [...(bySecond.get(t) ?? []), p]);
  }
  const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 2) : null);
  const series = [...bySecond.entries()].sort((a, b) => a[0] - b[0]).map(([t, g]) => ({
    t, served: g.length, wait_s: mean(g.map((p) => p.servedAt! - p.arrived))!,
    eta_s: mean(g.filter((p) => p.eta !== null).map((p) => p.eta!)),
  }));
  return {
    series,
    people: ps.length, served: served.length,
    total_s: served.length ? round(Math.max(...served.map((p) => p.servedAt!)) - first, 2) : null,
    queued: ps.filter((p) => p.firstStatus === 202).length,
    first_statuses: count((p) => ({ [p.firstStatus]: 1 })),
    statuses: count((p) => p.statuses), visits: ps.reduce((a, p) => a + p.visits, 0),
    socket_errors: ps.reduce((a, p) => a + p.errors, 0),
    order_inversions_pct: pairs ? round((100 * inversions) / pairs, 2) : 0,
    eta_within_25pct: errs.length ? round(errs.filter((e) => e <= 0.25).length / errs.length, 3) : null,
    eta_median_error_pct: errs.length ? round(100 * errs[Math.floor(errs.length / 2)], 1) : null,
  };
}

export async function crowdScenario(options: BenchOptions): Promise<CrowdReport> {
  const ctx = await createContext(options);
  const { reg, facts } = await registry(ctx);
  const people = Math.min(2000, reg.meters.length);
  const node = await startGuichet(ctx.runner, { dataDir: reg.dataDir, workDir: ctx.workDir, extraArgs: serveFlags(ctx) });
  ctx.log(`guichet serve --no-demo ${serveFlags(ctx).join(' ')} on ${node.url}; ${people} people arrive within 1 s`);
  let ps: Person[];
  try {
    const spec: CrowdSpec = { url: node.url, metersFile: reg.metersFile, people, arrivalMs: 1000, capS: options.durationS };
    const p = track(process.execPath, ctx.runner.helper('crowd-client', [JSON.stringify(spec)]), { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = tail(p.child.stdout, 64 * 1024 * 1024);
    const err = tail(p.child.stderr);
    const closed = new Promise((r) => p.child.once('close', r));
    await p.exited;
    await closed;
    const m = out().match(/CROWDJSON (\[.*\])/);
    if (!m) throw new Error(`the crowd client gave no result:\n${err().trim().split('\n').slice(-10).join('\n')}`);
    ps = JSON.parse(m[1]) as Person[];
  } finally {
    await node.stop();
  }
  const s = crowdStats(ps);
  const onlyOk = Object.keys(s.statuses).every((k) => k === '200' || k === '202');
  return {
    scenario: 'crowd', machine: ctx.machine, registry: facts, admit_rate: options.admitRate, ...s,
    ok: s.served === s.people && onlyOk && s.socket_errors === 0,
    note: s.queued === 0 ? 'no 202 answer at all: the node served the crowd directly (waiting room not active in this build?)' : null,
  };
}
