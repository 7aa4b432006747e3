/** @module Group commit: one durable transaction for every claim that arrived while the previous one was being written. */

export interface GroupCommitStats {
  batches: number;
  items: number;
}

/** Told of one item's outcome, or of its batch's failure. Must not throw: the outcomes of a batch go out in one loop. */
export interface CommitWaiter<O> {
  resolve(o: O): void;
  reject(e: unknown): void;
}

/**
 * Claims parsed in the same poll phase are committed together, in one transaction and one fsync. One batch is in
 * flight at a time: while the writer thread commits it, new claims queue here and form the next, larger batch, so
 * durability costs one fsync per batch, not per claim, and the batch size follows the load by itself.
 */
export class GroupCommitter<I, O> {
  private queue: I[] = [];
  private waiters: CommitWaiter<O>[] = [];
  private scheduled = false;
  private inFlight = false;
  private idle: (() => void)[] = [];
  readonly stats: GroupCommitStats = { batches: 0, items: 0 };

  constructor(
    private readonly commit: (batch: I[]) => O[] | Promise<O[]>,
    private readonly opts: { maxBatch: number; onBatch?: (size: number, seconds: number) => void },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => this.enqueue(item, { resolve, reject }));
  }

  /** As `submit`, the outcome told to `waiter` instead of a promise: the claim path makes one promise a claim, not three. */
  enqueue(item: I, waiter: CommitWaiter<O>): void {
    this.queue.push(item);
    this.waiters.push(waiter);
    this.schedule();
  }

  get pending(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  /** Resolves once everything submitted so far is committed (or failed): for a clean stop. */
  drain(): Promise<void> {
    if (!this.inFlight && this.queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.inFlight || this.queue.length === 0) return;
    const n = Math.min(this.queue.length, this.opts.maxBatch);
    const batch = this.queue.splice(0, n);
    const waiters = this.waiters.splice(0, n);
    this.inFlight = true;
    const t0 = process.hrtime.bigint();
    try {
      const out = await this.commit(batch);
      this.stats.batches += 1;
      this.stats.items += n;
      this.opts.onBatch?.(n, Number(process.hrtime.bigint() - t0) / 1e9);
      for (let i = 0; i < n; i++) waiters[i].resolve(out[i]);
    } catch (e) {
      for (const w of waiters) w.reject(e);
    } finally {
      this.inFlight = false;
    }
    if (this.queue.length > 0) this.schedule();
    else for (const r of this.idle.splice(0)) r();
  }
}
