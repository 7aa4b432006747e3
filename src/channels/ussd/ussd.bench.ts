/**
 * @module Benchmark of the USSD channel: a real node (startTestNode: demo registry, STS engine, SQLite) and waves of
 * concurrent sessions, each walking a full claim (menu, 1, the number) over real sockets, every session claiming for
 * a different subscriber. The sessions run in a worker thread, so the client does not share the node's event loop.
 * Warm-up waves (JIT, the waiting room's measured rate) are reported apart. Reports p50/p99/max per step and the
 * claims per second of each wave; CONTRACT §8 asks p99 < 100 ms with 200 sessions at once on a warm node.
 *
 *   node --import tsx src/channels/ussd/ussd.bench.ts [--sessions 200] [--waves 3] [--warmup 2] [--think-ms 0]
 *
 * `--think-ms 0` (default) is the worst case: every session sends its next step the moment it has the screen, so 200
 * requests are in flight at once. `--think-ms T` paces them like people (start within T, T/2 to 3T/2 between steps).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { DEMO_SIZE } from '../../demo/bootstrap.js';
import { builtinProgramme, decide } from '../../programmes/index.js';
import { generateDemoRegistry } from '../../registry/demo-data.js';
import { startTestNode } from '../../test-support/node.js';
import { replaySession, ussdStep } from './replayer.js';

const STEPS = ['menu', 'prompt', 'claim'] as const;
interface WaveResult { wallMs: number; steps: number[][]; outcomes: Record<string, number>; errors: number }

function outcomeOf(body: string): string {
  if (/^END Votre code/.test(body)) return 'code';
  if (/^END Votre compte/.test(body)) return 'account';
  if (/dans la file/.test(body)) return 'queued';
  if (/déjà/.test(body)) return 'replayed';
  return body.slice(0, 24);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One wave in the worker: every session at once, each one's three steps in turn. */
async function wave(url: string, numbers: string[], thinkMs: number): Promise<WaveResult> {
  const steps: number[][] = STEPS.map(() => []);
  const outcomes: Record<string, number> = {};
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(numbers.map(async (n, i) => {
    try {
      if (thinkMs > 0) await pause(Math.random() * thinkMs);
      const s = thinkMs > 0 ? await paced(url, n, i, thinkMs) : await replaySession(url, ['1', n], { sessionId: `ATUid_bench${i}_${n}` });
      s.forEach((x, k) => steps[k]?.push(x.ms));
      const last = s.at(-1)!;
      outcomes[outcomeOf(last.body)] = (outcomes[outcomeOf(last.body)] ?? 0) + 1;
      if (last.status !== 200 || s.length !== 3) errors++;
    } catch {
      errors++;
    }
  }));
  return { wallMs: performance.now() - t0, steps, outcomes, errors };
}

/** A session at a person's pace: the same steps as replaySession, with a pause after each screen. */
async function paced(url: string, n: string, i: number, thinkMs: number) {
  const out = [];
  for (const text of ['', '1', `1*${n}`]) {
    out.push(await ussdStep(url, text, { sessionId: `ATUid_paced${i}_${n}` }));
    if (out.at(-1)!.kind !== 'CON') break;
    await pause(thinkMs * (0.5 + Math.random()));
  }
  return out;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

function report(label: string, r: WaveResult, sessions: number): void {
  const cells = STEPS.map((name, k) => `${name} p50 ${pct(r.steps[k], 50).toFixed(1)} / p99 ${pct(r.steps[k], 99).toFixed(1)} / max ${pct(r.steps[k], 100).toFixed(1)} ms`);
  const rate = sessions / (r.wallMs / 1000);
  console.log(`${label}: ${cells.join('; ')}; ${rate.toFixed(0)} claims/s (${sessions} sessions in ${r.wallMs.toFixed(0)} ms); outcomes ${JSON.stringify(r.outcomes)}${r.errors ? `; ${r.errors} errors` : ''}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    sessions: { type: 'string', default: '200' }, waves: { type: 'string', default: '3' }, warmup: { type: 'string', default: '2' }, 'think-ms': { type: 'string', default: '0' },
  } });
  const sessions = Number(values.sessions);
  const warmup = Number(values.warmup);
  const waves = warmup + Number(values.waves);
  const thinkMs = Number(values['think-ms']);
  // The node's demo registry is generated from a fixed seed: the same rows here, so every session claims afresh.
  const programme = builtinProgramme();
  const numbers: string[] = [];
  for (const s of generateDemoRegistry(DEMO_SIZE)) {
    if (decide(programme, 'phase-1', s).retained) numbers.push(s.meter_no);
    if (numbers.length === sessions * waves) break;
  }
  const node = await startTestNode();
  try {
    // A worker does not inherit the TypeScript loader: it registers tsx, then loads this file.
    const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(code, { eval: true, workerData: { url: `${node.url}/ussd/africastalking`, numbers, sessions, thinkMs } });
    // The node's own event loop (this thread): a stall here is the node's, not the client's.
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const results: WaveResult[] = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    lag.disable();
    await worker.terminate();
    const pace = thinkMs > 0 ? `paced like people (think ${thinkMs} ms)` : 'no think time (every session sends its next step at once)';
    console.log(`USSD benchmark: ${sessions} concurrent sessions per wave, menu → 1 → number, real sockets, ${pace}, node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    results.slice(0, warmup).forEach((r, i) => report(`warm-up wave ${i + 1}`, r, sessions));
    results.slice(warmup).forEach((r, i) => report(`wave ${i + 1} (warm)`, r, sessions));
    const warm = results.slice(warmup);
    const all = { wallMs: warm.reduce((t, r) => t + r.wallMs, 0), steps: STEPS.map((_, k) => warm.flatMap((r) => r.steps[k])), outcomes: {}, errors: warm.reduce((t, r) => t + r.errors, 0) };
    for (const r of warm) for (const [k, v] of Object.entries(r.outcomes)) (all.outcomes as Record<string, number>)[k] = ((all.outcomes as Record<string, number>)[k] ?? 0) + v;
    report(`all warm waves`, all, sessions * warm.length);
    const p99 = Math.max(...all.steps.map((xs) => pct(xs, 99)));
    console.log(`node event-loop delay over the run: p50 ${(lag.percentile(50) / 1e6).toFixed(1)} / p99 ${(lag.percentile(99) / 1e6).toFixed(1)} / max ${(lag.max / 1e6).toFixed(1)} ms`);
    console.log(`target p99 < 100 ms on a warm node: ${p99 < 100 ? 'met' : 'NOT met'} (worst step p99 ${p99.toFixed(1)} ms)`);
  } finally {
    await node.stop();
  }
}

if (isMainThread) {
  await main();
} else {
  const { url, numbers, sessions, thinkMs } = workerData as { url: string; numbers: string[]; sessions: number; thinkMs: number };
  const out: WaveResult[] = [];
  for (let w = 0; w * sessions < numbers.length; w++) out.push(await wave(url, numbers.slice(w * sessions, (w + 1) * sessions), thinkMs));
  parentPort!.postMessage(out);
}
