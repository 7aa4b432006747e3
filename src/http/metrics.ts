/**
 * @module Prometheus metrics: the node's own counters, gauges and histograms, kept as plain numbers so recording one on
 * the claim path costs nanoseconds, then the runtime's (prom-client's default set: CPU, resident memory, heap, GC,
 * event-loop lag), rendered together on /metrics.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly bounds: number[]) {
    this.counts = new Array(bounds.length).fill(0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count += 1;
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) if (v <= b[i]) { this.counts[i] += 1; return; }
  }
  render(name: string, labels = ''): string[] {
    const out: string[] = [];
    let acc = 0;
    const sep = labels ? `${labels},` : '';
    for (let i = 0; i < this.bounds.length; i++) {
      acc += this.counts[i];
      out.push(`${name}_bucket{${sep}le="${this.bounds[i]}"} ${acc}`);
    }
    out.push(`${name}_bucket{${sep}le="+Inf"} ${this.count}`);
    const l = labels ? `{${labels}}` : '';
    out.push(`${name}_sum${l} ${this.sum}`, `${name}_count${l} ${this.count}`);
    return out;
  }
}

type Kind = 'counter' | 'gauge';
/** A reading: one number, or one number per label set (`{ outcome="issued" }` style, labels already rendered). */
type Reading = number | ReadonlyMap<string, number>;

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Each node has its own (tests start several in one process). prom-client's own registry is used for the runtime
 * metrics only: its counters hash their labels on every increment, which the claim path does not need to pay.
 */
export class Metrics {
  /** Claims answered, by channel and outcome (issued, replayed, queued, invalid, unavailable, or the refusal reason). */
  /** Claims by channel, then outcome: two look-ups by the labels as given, no key string built per claim. */
  private readonly claims = new Map<string, Map<string, number>>();
  private readonly claimSeconds = new Map<string, Histogram>();
  readonly batchSize = new Histogram([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]);
  readonly commitSeconds = new Histogram([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]);
  private readonly series = new Map<string, { kind: Kind; help: string; read: () => Reading }>();
  private readonly histograms = new Map<string, { help: string; h: Histogram }>();
  private readonly runtime = new Registry();

  constructor(o: { runtime?: boolean } = {}) {
    if (o.runtime !== false) collectDefaultMetrics({ register: this.runtime });
  }

  claim(channel: string, outcome: string, seconds: number): void {
    let byOutcome = this.claims.get(channel);
    if (byOutcome === undefined) this.claims.set(channel, (byOutcome = new Map()));
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    let h = this.claimSeconds.get(channel);
    if (h === undefined) this.claimSeconds.set(channel, (h = new Histogram(SECONDS)));
    h.observe(seconds);
  }

  batch(size: number, seconds: number): void {
    this.batchSize.observe(size);
    this.commitSeconds.observe(seconds);
  }

  /** A value that only grows (its name ends in `_total`), read when scraped. */
  counter(name: string, help: string, read: () => Reading): void {
    if (!name.endsWith('_total')) throw new Error(`counter ${name}: Prometheus counters end in _total`);
    this.series.set(name, { kind: 'counter', help, read });
  }

  gauge(name: string, help: string, read: () => Reading): void {
    if (name.endsWith('_total')) throw new Error(`gauge ${name}: a name ending in _total is a counter`);
    this.series.set(name, { kind: 'gauge', help, read });
  }

  /** A histogram recorded by its owner (e.g. SMS submit latency). */
  histogram(name: string, help: string, bounds = SECONDS): Histogram {
    const h = new Histogram(bounds);
    this.histograms.set(name, { help, h });
    return h;
  }

  async render(): Promise<string> {
    const lines: string[] = [
      '# HELP guichet_claims_total Claims answered, by channel and outcome (issued, replayed, queued, invalid, unavailable, or the refusal reason).',
      '# TYPE guichet_claims_total counter',
    ];
    const claims = [...this.claims].flatMap(([c, m]) => [...m].map(([o, v]) => [`channel="${c}",outcome="${o}"`, v] as const));
    for (const [k, v] of claims.sort()) lines.push(`guichet_claims_total{${k}} ${v}`);
    lines.push('# HELP guichet_claim_duration_seconds Time from a checked claim to its answer, by channel.', '# TYPE guichet_claim_duration_seconds histogram');
    for (const [channel, h] of this.claimSeconds) lines.push(...h.render('guichet_claim_duration_seconds', `channel="${channel}"`));
    lines.push('# HELP guichet_store_commit_batch_size Claims committed per durable transaction (group commit).', '# TYPE guichet_store_commit_batch_size histogram');
    lines.push(...this.batchSize.render('guichet_store_commit_batch_size'));
    lines.push('# HELP guichet_store_commit_seconds Time of one durable commit.', '# TYPE guichet_store_commit_seconds histogram');
    lines.push(...this.commitSeconds.render('guichet_store_commit_seconds'));
    for (const [name, { help, h }] of this.histograms) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`, ...h.render(name));
    for (const [name, s] of this.series) {
      lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.kind}`);
      const v = s.read();
      if (typeof v === 'number') lines.push(`${name} ${v}`);
      else for (const [labels, n] of v) lines.push(`${name}{${labels}} ${n}`);
    }
    return lines.join('\n') + '\n' + (await this.runtime.metrics());
  }
}
