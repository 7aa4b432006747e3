/** @module Where imported subscribers go: the one thing the importer asks of a store (SQLite now, PostgreSQL later). */
import type { Subscriber } from '../domain/subscriber.js';

export interface UpsertOutcome {
  /** Rows whose contract_no was new. */
  added: number;
  /** Rows whose contract_no was already in the store, with some value changed. */
  updated: number;
  /** Rows whose contract_no was already in the store with exactly these values (not rewritten). */
  unchanged: number;
  /** Rows the store refused (index into the batch), e.g. a meter number that belongs to another contract. */
  rejected: { index: number; reason: string }[];
}

export interface SubscriberSink {
  /** Adds or updates every row by contract_no, all or nothing per batch (one transaction); refused rows are reported, not thrown. */
  upsertBatch(rows: readonly Subscriber[]): Promise<UpsertOutcome> | UpsertOutcome;
}
