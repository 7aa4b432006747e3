/** @module Group commit: one durable transaction for every item submitted in the same event-loop turn. */

export interface GroupCommitStats {
  batches: number;
  items: number;
}

/**
 * Claims that arrive together (parsed from sockets in the same poll phase) are committed together, after the
 * poll phase, in one transaction and one fsync. While that synchronous commit runs, new requests pile up in the
 * sockets and form the next, larger batch: durability costs one fsync per batch, not per claim.
 */
export class GroupCommitter<I, O> {
  private queue: I[] = [];
  private waiters: { resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  readonly stats: GroupCommitStats = { batches: 0, items: 0 };

  constructor(
    private readonly commit: (batch: I[]) => O[],
    private readonly opts: { maxBatch: number; onBatch?: (size: number, seconds: number) => void },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push(item);
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const n = Math.min(this.queue.length, this.opts.maxBatch);
      const batch = this.queue.splice(0, n);
      const waiters = this.waiters.splice(0, n);
      const t0 = process.hrtime.bigint();
      let out: O[];
      try {
        out = this.commit(batch);
      } catch (e) {
        for (const w of waiters) w.reject(e);
        continue;
      }
      this.stats.batches += 1;
      this.stats.items += n;
      this.opts.onBatch?.(n, Number(process.hrtime.bigint() - t0) / 1e9);
      for (let i = 0; i < n; i++) waiters[i].resolve(out[i]);
    }
  }
}
