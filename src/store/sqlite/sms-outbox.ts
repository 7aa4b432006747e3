/** @module The SMS outbox behind the async store contract on SQLite: writes go through the writer thread (one transaction a tick), reads stay here. */
import type { MessagePort } from 'node:worker_threads';
import type { OutboxMessage, SmsJob, SmsState } from '../../domain/sms.js';
import type { OutboxRow, SmsOutboxStore } from '../sms-contract.js';
import type { SqliteDb } from './open.js';
import { SqliteSmsRepo, type SmsOp } from './sms.js';
import type { SqliteWriter } from './writer.js';

/** The outbox's writes as operations for the writer thread: sent through this thread's writer client, or made on the writer thread itself. */
export abstract class SqliteSmsWrites {
  /** One writer thread runs them first come, first served (or this connection, at once). */
  readonly writesInOrder: boolean = true;

  constructor(protected readonly now: () => number) {}

  protected abstract run<T>(o: SmsOp): Promise<T>;

  enqueue(messages: readonly OutboxMessage[]): Promise<number[]> {
    return this.run({ op: 'enqueue', messages, now: this.now() });
  }

  take(n: number, node: string, now: number, leaseMs: number): Promise<SmsJob[]> {
    return this.run({ op: 'take', n, node, now, leaseMs });
  }

  sent(job: SmsJob, node: string, messageId: string): Promise<boolean> {
    return this.run({ op: 'sent', job, node, messageId, now: this.now() });
  }

  retry(job: SmsJob, node: string | null, r: { dueAt: number; front: boolean; reason: string }): Promise<boolean> {
    return this.run({ op: 'retry', job, node, ...r, now: this.now() });
  }

  failed(job: SmsJob, node: string | null, reason: string): Promise<boolean> {
    return this.run({ op: 'failed', job, node, reason, now: this.now() });
  }

  receipt(messageId: string, delivered: boolean, stat: string): Promise<SmsJob | null> {
    return this.run({ op: 'receipt', messageId, delivered, stat, now: this.now() });
  }

  release(node: string | null): Promise<number> {
    return this.run({ op: 'release', node, now: this.now() });
  }
}

export class SqliteSmsOutbox extends SqliteSmsWrites implements SmsOutboxStore {
  private readonly repo: SqliteSmsRepo;
  private readonly tx;

  /**
   * Without a writer (commands, tests), each operation is a transaction of its own on this connection. `reader`:
   * where the counts of every message are read off this thread (the checkpoint thread), if any.
   */
  constructor(db: SqliteDb, private readonly writer: SqliteWriter | null, now: () => number,
    private readonly reader: { smsCounts(): Promise<Record<SmsState, number>> } | null = null) {
    super(now);
    this.repo = new SqliteSmsRepo(db);
    this.tx = db.transaction((o: SmsOp) => this.repo.run(o));
  }

  hurry(): void {
    this.writer?.hurrySms();
  }

  /** The sender hosted on the writer thread (sms-hosted.ts), or null without a writer thread. */
  hostSender(module: URL, data: unknown): MessagePort | null {
    return this.writer?.hostSms(module, data) ?? null;
  }

  protected run<T>(o: SmsOp): Promise<T> {
    if (this.writer) return this.writer.sms(o) as Promise<T>;
    try {
      return Promise.resolve(this.tx.immediate(o) as T);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async counts(cycle?: string): Promise<Record<SmsState, number>> {
    if (cycle === undefined && this.reader !== null) return this.reader.smsCounts();
    return this.repo.counts(cycle);
  }

  async history(q: { phone?: string; creditIds?: readonly number[] }, limit: number): Promise<OutboxRow[]> {
    const last = q.creditIds?.length ? Math.max(...q.creditIds) : null;
    // A credit's notices may still be spooled with its batch: moved into the outbox first (a write, so by the writer).
    if (last !== null && this.repo.spooledThrough(last)) await this.run({ op: 'unspool', throughCredit: last });
    return this.repo.history(q, limit);
  }
}
