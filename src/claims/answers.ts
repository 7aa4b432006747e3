/** @module The answers of CONTRACT §6, as plain data with their HTTP status. */
import type { FieldError } from './input.js';

export interface IssuedAnswer {
  status: 'issued';
  claim_id: string;
  cycle: string;
  service: string;
  metering: string;
  credit: { fcfa: number; units: number; unit: string };
  token: string | null;
  replayed: boolean;
  /** When the credit was first issued (ISO 8601): a replay can say "you received this code on ...". */
  issued_at: string;
}

export type IneligibleReason =
  | 'unknown_meter' | 'not_retained' | 'cycle_closed' | 'cycle_not_open' | 'unknown_cycle' | 'budget_exhausted'
  | 'service_not_covered' | 'no_code_left' | 'issuance_unavailable' | 'meter_needs_key_change';

export interface IneligibleAnswer {
  status: 'ineligible';
  reason: IneligibleReason;
  message: string;
  /** The same sentence in English, for `?lang=en` pages and integrators. */
  message_en?: string;
}

export interface InvalidAnswer {
  status: 'invalid';
  errors: FieldError[];
}

/** CONTRACT §6: the crowd is larger than what can be served now; the pass keeps the place in line. */
export interface QueuedAnswer {
  status: 'queued';
  position: number;
  eta_s: number;
  pass: string;
}

export type ClaimAnswer =
  | { http: 200; body: IssuedAnswer }
  | { http: 202; body: QueuedAnswer; retryAfter: number }
  | { http: 422; body: IneligibleAnswer }
  | { http: 400; body: InvalidAnswer };

export function ineligible(reason: IneligibleReason, fr: string, en?: string): ClaimAnswer {
  return { http: 422, body: { status: 'ineligible', reason, message: fr, ...(en ? { message_en: en } : {}) } };
}

export function invalid(errors: FieldError[]): ClaimAnswer {
  return { http: 400, body: { status: 'invalid', errors } };
}
