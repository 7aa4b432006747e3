/** @module The durable SmsQueue: the store's outbox, leased to this node's dispatcher; what a node drains in production. */
import type { SmsJob } from '../domain/sms.js';
import type { SmsOutboxStore } from '../store/sms-contract.js';
import type { DeliveryReceipt } from './smpp/receipt.js';
import type { RetryAt, SmsQueue } from './queue.js';

export interface OutboxQueueOptions {
  /** This node's name on its leases (random per process). */
  node: string;
  /**
   * How long a taken message stays this node's: well past the sender's response timeout (10 s), so a slow answer is
   * never taken by another node meanwhile; a node that dies holding messages has them taken again after it.
   */
  leaseMs?: number;
  now?: () => number;
}

/** What the queue needs of the outbox: its writes (on SQLite, possibly from another thread than the store's). */
export type OutboxWrites = Pick<SmsOutboxStore, 'writesInOrder' | 'hurry' | 'take' | 'sent' | 'retry' | 'failed' | 'receipt' | 'release'>;

/** A settle call that found the lease gone (another node took the message after ours ran out). */
export class LeaseLost extends Error {}

/**
 * Taken from the store this many at a time, and handed out from memory: the dispatcher asks for one message each
 * time a window slot frees (hundreds of times a second), and one query for each would cost more than the sending.
 */
const CHUNK = 50;

export class OutboxQueue implements SmsQueue {
  /** Jobs leased to this node and not settled yet: a receipt's decision comes later, for a message no longer leased. */
  private readonly mine = new Set<number>();
  /** Leased, not yet handed to the dispatcher. */
  private buffer: SmsJob[] = [];
  private readonly now: () => number;
  private readonly leaseMs: number;

  get writesInOrder(): boolean {
    return this.store.writesInOrder === true;
  }

  hurry(): void {
    this.store.hurry?.();
  }

  constructor(private readonly store: OutboxWrites, private readonly o: OutboxQueueOptions) {
    this.now = o.now ?? Date.now;
    this.leaseMs = o.leaseMs ?? 60_000;
  }

  async take(n: number): Promise<SmsJob[]> {
    if (this.buffer.length < n) {
      const jobs = await this.store.take(Math.max(CHUNK, n - this.buffer.length), this.o.node, this.now(), this.leaseMs);
      for (const j of jobs) this.mine.add(j.id);
      this.buffer.push(...jobs);
    }
    return this.buffer.splice(0, n);
  }

  /** Gives back what was taken and never handed out, so another node (or this one, restarted) sends it at once. */
  async close(): Promise<void> {
    const left = this.buffer.splice(0);
    for (const j of left) await this.store.retry(j, this.holder(j), { dueAt: this.now(), front: true, reason: 'node stopping' }).catch(() => {});
  }

  async sent(job: SmsJob, messageId: string): Promise<void> {
    this.mine.delete(job.id);
    this.check(job, await this.store.sent(job, this.o.node, messageId));
  }

  async retry(job: SmsJob, r: RetryAt): Promise<void> {
    this.check(job, await this.store.retry(job, this.holder(job), { dueAt: this.now() + r.delayMs, front: r.front, reason: r.reason }));
  }

  async failed(job: SmsJob, reason: string): Promise<void> {
    this.check(job, await this.store.failed(job, this.holder(job), reason));
  }

  receipt(r: DeliveryReceipt): Promise<SmsJob | null> {
    return this.store.receipt(r.messageId, r.state === 'delivered', r.stat);
  }

  /** Messages leased by a node of this name before it died (a single node starting again on its own file: all). */
  release(all: boolean): Promise<number> {
    return this.store.release(all ? null : this.o.node);
  }

  private holder(job: SmsJob): string | null {
    const leased = this.mine.delete(job.id);
    return leased ? this.o.node : null;
  }

  private check(job: SmsJob, ok: boolean): void {
    if (!ok) throw new LeaseLost(`SMS ${job.id}: its lease ran out and another dispatcher has it now`);
  }
}
