/** @module Grievances, declared once (CONTRACT §10): what a subscriber contests, its ticket, its life and its decision. */
import type { Channel } from './credit.js';

/** What a grievance is about. Eligibility grievances (an accepted one lets the subscriber claim in that cycle): the first two. */
export const GRIEVANCE_CATEGORIES = ['not_retained', 'unknown_meter', 'code_rejected', 'not_credited', 'other'] as const;
export type GrievanceCategory = (typeof GRIEVANCE_CATEGORIES)[number];
export const ELIGIBILITY_CATEGORIES: readonly GrievanceCategory[] = ['not_retained', 'unknown_meter'];

export const GRIEVANCE_STATUSES = ['open', 'in_review', 'accepted', 'rejected'] as const;
export type GrievanceStatus = (typeof GRIEVANCE_STATUSES)[number];

/** Where a grievance was raised: a claim channel (an agent at the desk is `agent`). */
export type GrievanceChannel = Channel;

/** What an accepted grievance did, recorded with the decision. */
export type GrievanceRemedy =
  /** not_retained / unknown_meter: the subscriber may claim in that cycle; the credit's journal entry names the ticket. */
  | { kind: 'exception'; cycle: string }
  /** code_rejected: the same token sent again (SMS) and shown on the ticket's page. */
  | { kind: 'resend'; credit_id: number }
  /** code_rejected, with a supervisor's approval: a new STS token (new TID) for the same amount, recorded as a replacement. */
  | { kind: 'replacement'; credit_id: number }
  /** not_credited: the billing export marks the credit for the billing team. */
  | { kind: 'billing_flag'; credit_id: number }
  /** other: the decision's words are the answer. */
  | { kind: 'none' };

export interface Grievance {
  id: number;
  /** `R-7K3Q9X`: six characters of Crockford base 32, the last a check character (ticket.ts). */
  ticket: string;
  /** Null for `unknown_meter` raised with a number the registry does not hold: the number typed is kept in `number`. */
  subscriber_id: number | null;
  /** The meter or contract number as the subscriber gave it (normalised). */
  number: string;
  programme_id: string;
  cycle: string;
  category: GrievanceCategory;
  /** At most 2,000 characters, stored as typed: escaped wherever it is shown. */
  message: string;
  phone: string | null;
  channel: GrievanceChannel;
  /** The console account that logged it (an agent at the desk), or null when the subscriber raised it. */
  logged_by: string | null;
  agency: string | null;
  status: GrievanceStatus;
  assigned_to: string | null;
  /** The rule the refusal came from (e.g. `power_kw`), for the acceptance-rate-per-rule report; null if none. */
  refusal_reason: string | null;
  created_at: string;
  /** When the SLA runs out (created_at + the category's SLA). */
  due_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision: 'accepted' | 'rejected' | null;
  /** The decider's words for the subscriber (French). */
  reason: string | null;
  remedy: GrievanceRemedy | null;
}

/** An accepted eligibility grievance: this subscriber may claim in this cycle; the credit's journal entry names both. */
export interface GrievanceException {
  subscriber_id: number;
  programme_id: string;
  cycle: string;
  ticket: string;
  /** The supervisor who accepted it. */
  approver: string;
  created_at: string;
}

/** A note on a grievance by a console account (assignment changes are notes too). */
export interface GrievanceNote {
  grievance_id: number;
  author: string;
  body: string;
  created_at: string;
}

/** What the public API answers for a ticket (CONTRACT §10): no name, no phone, nothing but the ticket's own state. */
export interface PublicGrievance {
  ticket: string;
  status: GrievanceStatus;
  category: GrievanceCategory;
  decision?: 'accepted' | 'rejected';
  reason?: string;
}
