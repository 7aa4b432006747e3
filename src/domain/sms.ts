/** @module SMS messages as every layer sees them: what is queued, what the dispatcher leases, the states a message goes through. */

/** queued (due at due_at) -> sending (leased to a dispatcher) -> sent (the SMSC took it) -> delivered | failed. */
export type SmsState = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed';
export const SMS_STATES: readonly SmsState[] = ['queued', 'sending', 'sent', 'delivered', 'failed'];

/** Why a message exists: a credit's notice (written with the credit), a reply to an inbound SMS, a one-time code, a notice. */
export type SmsKind = 'credit' | 'reply' | 'otp' | 'notice';

/** A message to queue: to a `+241...` phone, GSM-7 text of one part (the caller checked it). */
export interface OutboxMessage {
  to: string;
  text: string;
  kind: SmsKind;
}

/** What the dispatcher leases and sends. */
export interface SmsJob {
  id: number;
  /** International form without the plus, `241...`: what SMPP's destination_addr takes. */
  to: string;
  text: string;
  /** Submits the SMSC took (answered with a message id): delivery attempts. */
  attempts: number;
  /** Submits written that got no answer (timeout, link lost): the SMSC may or may not have taken them. */
  unanswered: number;
}
