/**
 * @module What a claim comes to, whatever the channel: issued (fresh or replayed), ineligible with its reason, invalid
 * with field errors, queued with its place, or unavailable for now. Each channel words it its own way (JSON, HTML,
 * USSD and SMS text); none has to guess from a status code.
 */
import type { CreditRecord } from '../domain/credit.js';
import type { Credit, Cycle } from '../domain/programme.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import type { Message } from '../programmes/index.js';

/** Every reason a claim can be refused for: stable codes integrators match on (docs/api.md). */
export type RefusalReason =
  | 'unknown_meter' | 'not_retained' | 'cycle_closed' | 'cycle_not_open' | 'unknown_cycle' | 'budget_exhausted'
  | 'service_not_covered' | 'no_code_left' | 'issuance_unavailable' | 'meter_needs_key_change';

export interface FieldError {
  field: string;
  /** French, the country's language: what integrators show. */
  message: string;
  message_en?: string;
}

/** For a subscriber the cycle does not retain: the next cycle to open, and whether its rules would retain them. */
export interface NextCycle {
  cycle: Cycle;
  eligible: boolean;
}

export type ClaimOutcome =
  | { kind: 'issued'; credit: CreditRecord; subscriber: StoredSubscriber; replayed: boolean }
  | { kind: 'ineligible'; reason: RefusalReason; message: Message; subscriber: StoredSubscriber | null; next: NextCycle | null }
  | { kind: 'invalid'; errors: FieldError[] }
  /** The crowd is larger than what can be served now: the pass keeps the place in line. */
  | { kind: 'queued'; position: number; eta_s: number; retry_after_s: number; pass: string; prequeue: boolean }
  /** The store (or the shared line) cannot be reached: nothing was recorded, try again. Never a false refusal. */
  | { kind: 'unavailable'; retry_after_s: number; cause: unknown };

export type Issued = Extract<ClaimOutcome, { kind: 'issued' }>;
export type Ineligible = Extract<ClaimOutcome, { kind: 'ineligible' }>;
export type Invalid = Extract<ClaimOutcome, { kind: 'invalid' }>;

/**
 * What `ClaimService.check` says a claim would come to now, nothing issued: already credited (a replay), refused,
 * malformed, or eligible (the open cycle would credit this subscriber this much; a claim may still wait in line).
 */
export type CheckOutcome = Issued | Ineligible | Invalid | { kind: 'eligible'; subscriber: StoredSubscriber; cycle: Cycle; credit: Credit };

/** The label metrics count an outcome under. */
export function outcomeLabel(o: ClaimOutcome): string {
  switch (o.kind) {
    case 'issued': return o.replayed ? 'replayed' : 'issued';
    case 'ineligible': return o.reason;
    default: return o.kind;
  }
}

export const invalid = (errors: FieldError[]): Invalid => ({ kind: 'invalid', errors });
