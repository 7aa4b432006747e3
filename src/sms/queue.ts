/** @module The port the SMS dispatcher drains: the durable outbox in production, memory in tests and the demo. */
import type { SmsJob } from '../domain/sms.js';
import type { DeliveryReceipt } from './smpp/receipt.js';

export type { SmsJob };

export interface RetryAt {
  delayMs: number;
  /** Keeps its place ahead of the others (the SMSC's trouble, not the message's). */
  front: boolean;
  reason: string;
}

/**
 * Every method gets the job with its counters as they now stand (the dispatcher counts; the queue stores). A job
 * handed out by take() stays leased to this dispatcher until one of sent/retry/failed names it.
 */
export interface SmsQueue {
  /**
   * Writes are applied in the order they are called (one writer, or none to wait for): a receipt's write may then be
   * asked before the write of its `sent` has finished, and lands after it. Otherwise the dispatcher waits for that.
   */
  readonly writesInOrder?: boolean;
  /** Writes asked so far go soon instead of gathering with the next ones (the dispatcher's window waits on them). */
  hurry?(): void;
  /** Up to n jobs due now, in queue (journal) order, leased to this dispatcher so no other takes them. */
  take(n: number): Promise<SmsJob[]>;
  /** The SMSC took it under `messageId` (canonical form, as receipts will name it). */
  sent(job: SmsJob, messageId: string): Promise<void>;
  /** Transient failure: due again after delayMs. */
  retry(job: SmsJob, r: RetryAt): Promise<void>;
  failed(job: SmsJob, reason: string): Promise<void>;
  /**
   * Records a receipt. Returns the job sent under that id and still waiting for its receipt, or null (an id we never
   * learned, or a receipt the SMSC sent twice). A `delivered` receipt settles the job here; the dispatcher decides
   * what an undeliverable, expired or rejected one means (retry or failed).
   */
  receipt(r: DeliveryReceipt): Promise<SmsJob | null>;
}
