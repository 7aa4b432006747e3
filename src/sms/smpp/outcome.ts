/** @module What became of one submit_sm, and the sender's counters: the words the dispatcher and the metrics share. */
import type { ReceiptState } from './receipt.js';

/**
 * Every submit ends in exactly one of these. Only `sent` means the SMSC took the message. `throttled`, `queue_full`,
 * `timeout` and `disconnected` are the SMSC's or the link's trouble: the caller requeues (a `timeout` or a
 * `disconnected` submit may have been taken after all; SMPP cannot tell). `rejected` and `invalid` are final.
 */
export type SubmitOutcome =
  | { kind: 'sent'; /** Canonical (see canonicalId), as receipts will name it. */ messageId: string; smscMessageId: string }
  | { kind: 'throttled' }
  | { kind: 'queue_full' }
  | { kind: 'timeout' }
  /** `written`: the submit_sm had left before the link went (the SMSC may have it), or was still waiting here. */
  | { kind: 'disconnected'; written: boolean }
  | { kind: 'rejected'; status: number; name: string }
  /** Refused before the wire: not GSM-7, too long for one SMS, or a destination not in international form. */
  | { kind: 'invalid'; reason: string };

export type OutcomeKind = SubmitOutcome['kind'];

export interface SenderStats {
  /** submit() calls. */
  submitted: number;
  /** By outcome. */
  outcomes: Record<OutcomeKind, number>;
  /** Links lost after being bound, and connection or bind attempts that failed. */
  reconnects: number;
  bindFailures: number;
  enquireLinkTimeouts: number;
  receipts: Record<ReceiptState, number>;
  /** deliver_sm receipts that were not final (ENROUTE...) or named no message. */
  receiptsIgnored: number;
  inbound: number;
}

export function emptyStats(): SenderStats {
  return {
    submitted: 0,
    outcomes: { sent: 0, throttled: 0, queue_full: 0, timeout: 0, disconnected: 0, rejected: 0, invalid: 0 },
    reconnects: 0,
    bindFailures: 0,
    enquireLinkTimeouts: 0,
    receipts: { delivered: 0, undeliverable: 0, expired: 0, rejected: 0, unknown: 0 },
    receiptsIgnored: 0,
    inbound: 0,
  };
}
