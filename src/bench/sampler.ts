/** @module Samples a server's own counters while it is under load: answers per second and (real node) claim latency over time. */
import { get } from 'node:http';

/** Bucket bounds of guichet_claim_duration_seconds (src/server/metrics.ts), read from the text, not assumed. */
export interface Counters {
  /** Answers so far: claims by any outcome (real node), requests (baseline). */
  total: number;
  outcomes: Record<string, number>;
  buckets: { le: number; count: number }[];
}

export interface Sample extends Counters {
  /** Seconds since the sampler started, when the answer arrived. */
  t: number;
}

export interface Point {
  t: number;
  rps: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** One GET on a fresh connection (no socket of ours lingers in the server's pool). */
export function fetchText(url: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => ((res.statusCode ?? 0) < 400 ? resolve(body) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** Reads guichet's Prometheus text (claims by outcome, claim latency histogram) or the baseline's /stats JSON. */
/** GET /healthz right after a load: answered 200 within 10 s, and how long it took (null when it was not). */
export async function healthAfter(url: string): Promise<{ healthy: boolean; ms: number | null }> {
  const t0 = performance.now();
  const healthy = await fetchText(`${url}/healthz`, 10_000).then(() => true, () => false);
  return { healthy, ms: healthy ? Math.round(performance.now() - t0) : null };
}

export function parseCounters(text: string): Counters {
  if (text.startsWith('{')) {
    const s = JSON.parse(text) as { requests: number };
    return { total: s.requests, outcomes: {}, buckets: [] };
  }
  const outcomes: Record<string, number> = {};
  // Claims are counted per channel (the bench sends through the API): every channel's figures are summed.
  const byLe = new Map<number, number>();
  for (const line of text.split('\n')) {
    let m = line.match(/^guichet_claims_total\{channel="[^"]*",outcome="([^"]+)"\} (\S+)$/);
    if (m) { outcomes[m[1]] = (outcomes[m[1]] ?? 0) + Number(m[2]); continue; }
    m = line.match(/^guichet_claim_duration_seconds_bucket\{channel="[^"]*",le="([^"]+)"\} (\S+)$/);
    if (m) {
      const le = m[1] === '+Inf' ? Infinity : Number(m[1]);
      byLe.set(le, (byLe.get(le) ?? 0) + Number(m[2]));
    }
  }
  const buckets = [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  return { total, outcomes, buckets };
}

/** Counters of several servers as one: totals and outcomes added, histogram buckets added bound by bound. */
export function sumCounters(all: Counters[]): Counters {
  if (all.length === 1) return all[0];
  const outcomes: Record<string, number> = {};
  for (const c of all) for (const [k, v] of Object.entries(c.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  const buckets = all[0].buckets.map((b, i) => ({ le: b.le, count: all.reduce((n, c) => n + (c.buckets[i]?.count ?? 0), 0) }));
  return { total: all.reduce((n, c) => n + c.total, 0), outcomes, buckets };
}

/** Quantile of the observations between two cumulative histograms, interpolated inside the bucket (as Prometheus does). */
export function quantileMs(before: Counters['buckets'], after: Counters['buckets'], q: number): number | null {
  if (after.length === 0 || after.length !== before.length) return null;
  const n = after[after.length - 1].count - before[before.length - 1].count;
  if (n <= 0) return null;
  const rank = q * n;
  let lower = 0;
  let prevCount = 0;
  for (let i = 0; i < after.length; i++) {
    const c = after[i].count - before[i].count;
    if (c >= rank) {
      const upper = after[i].le === Infinity ? lower : after[i].le;
      const inBucket = c - prevCount;
      const frac = inBucket > 0 ? (rank - prevCount) / inBucket : 1;
      return (lower + (upper - lower) * frac) * 1000;
    }
    lower = after[i].le;
    prevCount = c;
  }
  return lower * 1000;
}

export class Sampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly t0 = performance.now();
  private busy = false;

  /** Several URLs (the nodes behind a balancer): their counters are summed, as one server's would be. */
  constructor(private readonly url: string | readonly string[], private readonly everyMs = 1000) {}

  /** Takes one sample now (also the baseline sample before the load starts). */
  async sample(): Promise<Sample | null> {
    try {
      const urls = typeof this.url === 'string' ? [this.url] : this.url;
      const c = sumCounters(await Promise.all(urls.map(async (u) => parseCounters(await fetchText(u)))));
      const s = { ...c, t: (performance.now() - this.t0) / 1000 };
      this.samples.push(s);
      return s;
    } catch {
      return null; // a missed sample under overload is a gap in the chart, not a failed run
    }
  }

  start(): this {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      void this.sample().finally(() => (this.busy = false));
    }, this.everyMs);
    return this;
  }

  async stop(): Promise<Sample[]> {
    if (this.timer) clearInterval(this.timer);
    await this.sample();
    return this.samples;
  }
}

/** Per-interval rates and latency quantiles from consecutive samples, time measured from the first sample. */
export function toSeries(samples: Sample[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    const dt = b.t - a.t;
    if (dt <= 0) continue;
    out.push({
      t: Math.round((b.t - samples[0].t) * 100) / 100,
      rps: Math.round((b.total - a.total) / dt),
      p50Ms: r2(quantileMs(a.buckets, b.buckets, 0.5)),
      p99Ms: r2(quantileMs(a.buckets, b.buckets, 0.99)),
    });
  }
  return out;
}

const r2 = (v: number | null): number | null => (v === null ? null : Math.round(v * 100) / 100);
