/** @module The Node load generator (when wrk is absent): N keep-alive connections, each one request at a time, like wrk. */
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import type { LoadSpec } from './load.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const meters = readFileSync(spec.metersFile, 'utf8').split('\n').filter((l) => l.length > 0);
const bodies = meters.map((m) => `{"meter_no":"${m}"}`);
const target = new URL('/api/v1/claims', spec.url);
const agent = new Agent({ keepAlive: true, maxSockets: spec.connections, maxFreeSockets: spec.connections });

const latencies: number[] = [];
const errors = { connect: 0, read: 0, write: 0, status: 0, timeout: 0 };
let next = 0;
let stopped = false;
const t0 = performance.now();

/** Same meter order as the wrk script with one thread: once per pass, or once in all (`once`). */
function take(): string | null {
  if (next >= bodies.length) {
    if (spec.mode === 'once' || bodies.length === 0) return null;
    next = 0;
  }
  return bodies[next++];
}

function classify(e: NodeJS.ErrnoException): keyof typeof errors {
  if (e.code === 'ECONNREFUSED' || e.code === 'EADDRNOTAVAIL') return 'connect';
  if (e.code === 'EPIPE') return 'write';
  if (e.code === 'ETIMEDOUT' || e.message === 'timeout') return 'timeout';
  return 'read';
}

function post(body: string): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(target, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (stopped) return resolve();
        latencies.push(performance.now() - started);
        if ((res.statusCode ?? 0) >= 400) errors.status++;
        resolve();
      });
    });
    req.setTimeout(spec.timeoutS * 1000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (!stopped) errors[classify(e)]++;
      // A refused connection would otherwise spin this loop at full speed.
      setTimeout(resolve, e.code === 'ECONNREFUSED' ? 10 : 0);
    });
    req.end(body);
  });
}

async function worker(): Promise<void> {
  for (let body = take(); body !== null && !stopped; body = take()) await post(body);
}

function finish(): void {
  const elapsed = performance.now() - t0;
  stopped = true;
  const sorted = Float64Array.from(latencies).sort();
  const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);
  const mean = sorted.length ? latencies.reduce((a, b) => a + b, 0) / sorted.length : 0;
  const us = (ms: number) => Math.round(ms * 1000);
  const summary = {
    duration_us: us(elapsed), requests: latencies.length, ...errors,
    p50_us: us(q(50)), p90_us: us(q(90)), p99_us: us(q(99)), max_us: us(sorted.length ? sorted[sorted.length - 1] : 0), mean_us: us(mean),
  };
  process.stdout.write(`LOADJSON ${JSON.stringify(summary)}\n`, () => process.exit(0));
}

const deadline = setTimeout(finish, spec.durationS * 1000);
process.once('SIGINT', () => { clearTimeout(deadline); finish(); });
Promise.all(Array.from({ length: spec.connections }, worker)).then(() => {
  if (!stopped) {
    clearTimeout(deadline);
    finish();
  }
});
