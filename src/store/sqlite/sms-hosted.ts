/**
 * @module A sender hosted on the SQLite writer thread: its outbox writes run there, with no message to cross.
 *
 * The node's SMPP sender and dispatcher can run on the writer thread itself (src/server/sms-hosted.ts says why).
 * Their outbox operations of one turn go into the next group commit's transaction if one comes in that turn (a
 * savepoint, as the HTTP thread's own outbox operations do), else into one transaction of their own right after.
 * When a take found nothing due, the writer tells the dispatcher as soon as messages may be due again (credits
 * committed with their notices, messages queued by the HTTP thread): it would otherwise look at its next idle tick.
 */
import type { MessagePort } from 'node:worker_threads';
import { SqliteSmsWrites } from './sms-outbox.js';
import { settleSms, type SmsCall, type SmsOp, type SmsResult } from './sms.js';

/** What the writer thread hands the module that hosts the sender: its outbox, and the line to the HTTP thread. */
export interface SmsHost {
  outbox: HostedSmsWrites;
  /** The control line to the node's HTTP thread (state, counters, inbound messages, stop). */
  port: MessagePort;
  /** Whatever the HTTP thread passed along (the sender's options, the node's name). */
  data: unknown;
}

/** The module's entry: started once, on the writer thread. */
export type SmsHostModule = { start(host: SmsHost): Promise<void> };

export class HostedSmsWrites extends SqliteSmsWrites {
  /** Called when messages may have become due after a take found none. */
  onDue: (() => void) | null = null;
  private calls: SmsCall[] = [];
  /** Taken into a transaction, waiting for settle(). */
  private taken: SmsCall[] = [];
  private turn: NodeJS.Immediate | null = null;
  private idle = false;
  private closed: Error | null = null;

  /** `alone`: runs operations in a transaction of their own. */
  constructor(private readonly alone: (ops: SmsOp[]) => SmsResult) {
    super(Date.now);
  }

  protected run<T>(o: SmsOp): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<T>((resolve, reject) => {
      this.calls.push({ op: o, resolve: resolve as (r: unknown) => void, reject });
      // A group commit arriving in this turn takes them along; else they go alone right after.
      this.turn ??= setImmediate(() => this.flush());
    });
  }

  /** The operations waiting, in order (null: none), for a transaction about to begin; hand its result to settle(). */
  gathered(): SmsOp[] | null {
    if (this.calls.length === 0) return null;
    if (this.turn) clearImmediate(this.turn);
    this.turn = null;
    this.taken = this.calls;
    this.calls = [];
    return this.taken.map((c) => c.op);
  }

  /** Settles the operations last gathered with what became of them (run together, in order). */
  settle(r: SmsResult): void {
    const t = this.taken;
    this.taken = [];
    // The dispatcher is idle when its last take found nothing due.
    for (let i = 0; r.results && i < t.length; i++) if (t[i].op.op === 'take') this.idle = (r.results[i] as unknown[]).length === 0;
    settleSms(t, r);
  }

  /** Messages may have become due: wakes the dispatcher if its last take found nothing. */
  changed(): void {
    if (!this.idle) return;
    this.idle = false;
    this.onDue?.();
  }

  /** The store is closing: whatever is asked from now on fails rather than waits. */
  close(): void {
    this.closed = new Error('the store writer is closing');
    if (this.turn) clearImmediate(this.turn);
    this.turn = null;
    for (const c of this.calls) c.reject(this.closed);
    this.calls = [];
  }

  private flush(): void {
    this.turn = null;
    const ops = this.gathered();
    if (ops) this.settle(this.alone(ops));
  }
}
