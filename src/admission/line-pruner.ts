/** @module Background pruning of the shared line's old places: a round about once a minute, never two at once. */
import type { LineStore } from './shared-line.js';

// Rows per pruning statement (20-75 ms on a table of 200,000 rows: its row locks are short), and statements per
// round while each comes back full: up to 100,000 rows a minute, well past what a line moves in a minute.
const PRUNE_LIMIT = 10_000;
const PRUNE_BATCHES = 10;

export class LinePruner {
  pruned = 0;
  errors = 0;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | null = null;
  private stopped = false;

  /** keepMs: how long past its due time a served or lapsed place is kept (what still reads it: room_prune's comment). */
  constructor(
    private readonly store: Pick<LineStore, 'prune'>,
    private readonly keepMs: number,
    private readonly everyMs = 60_000,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.prune(), this.everyMs);
    this.timer.unref();
  }

  /** The round in progress ends after its current statement. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** One round now (tests, and the timer): statements of PRUNE_LIMIT rows while each comes back full; never throws. */
  prune(): Promise<void> {
    if (this.round !== null) return this.round;
    this.round = (async () => {
      for (let i = 0; i < PRUNE_BATCHES && !this.stopped; i++) {
        const deleted = await this.store.prune(this.keepMs, PRUNE_LIMIT);
        this.pruned += deleted;
        if (deleted < PRUNE_LIMIT) break;
      }
    })()
      .catch(() => {
        this.errors++; // tried again next round; meanwhile the table only keeps a few more rows
      })
      .finally(() => {
        this.round = null;
      });
    return this.round;
  }
}
