/** @module The SMS outbox's store contract: messages queued (a credit's in its own transaction), leased, sent, settled; on either engine. */
import type { MessagePort } from 'node:worker_threads';
import type { OutboxMessage, SmsJob, SmsState } from '../domain/sms.js';

/** A message as the console and `guichet sms status` see it. */
export interface OutboxRow {
  id: number;
  credit_id: number | null;
  cycle: string | null;
  kind: OutboxMessage['kind'];
  phone: string;
  text: string;
  state: SmsState;
  attempts: number;
  message_id: string | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface SmsOutboxStore {
  /** Writes applied in the order they are called (SQLite's one writer); not several pooled connections (PostgreSQL). */
  readonly writesInOrder?: boolean;
  /** Writes gathered for a moment go soon (SQLite's writer thread gathers them; see SqliteWriter). */
  hurry?(): void;
  /**
   * SQLite: starts `module` on the writer thread, where its outbox writes need no message to cross (the node's
   * sender and dispatcher; see store/sqlite/sms-hosted.ts), and returns the line to it. Absent or null: no such thread.
   */
  hostSender?(module: URL, data: unknown): MessagePort | null;
  /** Messages not tied to a credit (a reply, a one-time code): queued now, due at once. Returns their ids. */
  enqueue(messages: readonly OutboxMessage[]): Promise<number[]>;
  /**
   * Up to `n` messages due by `now`, front ones first, then in queue (journal) order, leased to `node` until
   * `now + leaseMs`; a message whose lease ran out (its dispatcher died) is due again. Several nodes take from one
   * outbox without ever taking the same message twice.
   */
  take(n: number, node: string, now: number, leaseMs: number): Promise<SmsJob[]>;
  /** The SMSC took it under `messageId`. Only the node holding the lease may settle a message (false otherwise). */
  sent(job: SmsJob, node: string, messageId: string): Promise<boolean>;
  retry(job: SmsJob, node: string | null, r: { dueAt: number; front: boolean; reason: string }): Promise<boolean>;
  failed(job: SmsJob, node: string | null, reason: string): Promise<boolean>;
  /** The message sent under this id and still waiting for its receipt, or null. `delivered` settles it here. */
  receipt(messageId: string, delivered: boolean, stat: string): Promise<SmsJob | null>;
  /** Messages by state (a cycle's credits' only, with `cycle`). */
  counts(cycle?: string): Promise<Record<SmsState, number>>;
  /** The replies and codes sent to one phone, and the notices of these credits, newest first (the console desk). */
  history(q: { phone?: string; creditIds?: readonly number[] }, limit: number): Promise<OutboxRow[]>;
  /** Leases of a node that is gone (or of every node: a single node starting again on its own file). */
  release(node: string | null): Promise<number>;
}
