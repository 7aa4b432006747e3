/** @module Prometheus text metrics, kept as plain numbers so recording one costs a few nanoseconds on the hot path. */

class Histogram {
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

export class Metrics {
  readonly claims = new Map<string, number>();
  readonly claimSeconds = new Histogram([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  readonly batchSize = new Histogram([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]);
  readonly commitSeconds = new Histogram([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]);
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  claim(outcome: string, seconds: number): void {
    this.claims.set(outcome, (this.claims.get(outcome) ?? 0) + 1);
    this.claimSeconds.observe(seconds);
  }

  batch(size: number, seconds: number): void {
    this.batchSize.observe(size);
    this.commitSeconds.observe(seconds);
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const lines: string[] = [
      '# HELP guichet_claims_total Claims answered, by outcome (issued, replayed, or the refusal reason).',
      '# TYPE guichet_claims_total counter',
    ];
    for (const [k, v] of [...this.claims].sort()) lines.push(`guichet_claims_total{outcome="${k}"} ${v}`);
    lines.push('# HELP guichet_claim_duration_seconds Time from a parsed claim to its answer.', '# TYPE guichet_claim_duration_seconds histogram');
    lines.push(...this.claimSeconds.render('guichet_claim_duration_seconds'));
    lines.push('# HELP guichet_store_commit_batch_size Claims committed per durable transaction (group commit).', '# TYPE guichet_store_commit_batch_size histogram');
    lines.push(...this.batchSize.render('guichet_store_commit_batch_size'));
    lines.push('# HELP guichet_store_commit_seconds Time of one durable commit.', '# TYPE guichet_store_commit_seconds histogram');
    lines.push(...this.commitSeconds.render('guichet_store_commit_seconds'));
    for (const [name, g] of this.gauges) lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${g.read()}`);
    return lines.join('\n') + '\n';
  }
}
