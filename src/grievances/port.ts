/**
 * @module What every channel asks of grievances (CONTRACT §10): raise one, read a ticket, work the queue, decide.
 * The web page, USSD, SMS, the desk, the API and the console are adapters over this one port (grievances/service.ts).
 */
import type { Who } from '../claims/request.js';
import type { FieldError } from '../claims/outcome.js';
import type { Grievance, GrievanceCategory, GrievanceChannel, GrievanceNote, GrievanceStatus } from '../domain/grievance.js';

export interface RaiseRequest {
  who: Who;
  /** As given: checked against GRIEVANCE_CATEGORIES (a bad one is an `invalid` outcome naming the field `category`). */
  category: string;
  /** At most 2,000 characters after trimming; may be empty for USSD and SMS (the category says enough). */
  message: string;
  phone: string | null;
  channel: GrievanceChannel;
  /** The console account raising it for a caller (desk), or null. */
  logged_by: string | null;
  /** Null: the programme's default cycle. */
  cycle: string | null;
}

export type RaiseOutcome =
  | { kind: 'raised'; grievance: Grievance }
  /** One open grievance per subscriber (or number), cycle and category: the first one's ticket. */
  | { kind: 'existing'; grievance: Grievance }
  | { kind: 'invalid'; errors: FieldError[] };

export type Lookup = { kind: 'found'; grievance: Grievance } | { kind: 'malformed' } | { kind: 'not_found' };

export interface DecideRequest {
  decision: 'accepted' | 'rejected';
  /** Words for the subscriber (French), required, at most 500 characters. */
  reason: string;
  /** code_rejected only: `resend` (default) or `replacement` (a new token, supervisor's approval). */
  remedy?: 'resend' | 'replacement';
}

export interface Actor {
  username: string;
  role: string;
}

export type DecideOutcome =
  | { kind: 'decided'; grievance: Grievance }
  | { kind: 'not_found' }
  | { kind: 'already_decided'; grievance: Grievance }
  /** Separation of duties: the account that logged it (or is its subject) cannot decide it. */
  | { kind: 'same_person' }
  /** Only a supervisor decides (the console's route checks it too; the service does not rely on it). */
  | { kind: 'forbidden' }
  | { kind: 'invalid'; errors: FieldError[] };

export interface QueueFilter {
  status?: GrievanceStatus | 'undecided';
  category?: GrievanceCategory;
  agency?: string;
  /** Only those past their SLA (`due_at` before now). */
  late?: boolean;
  limit: number;
  /** Keyset paging: ids below this one (newest first). */
  before?: number;
}

export interface CategoryAgencyCount {
  category: GrievanceCategory;
  agency: string | null;
  open: number;
  late: number;
  decided: number;
}

export interface GrievanceReport {
  rows: CategoryAgencyCount[];
  /** Median time from raised to decided, in seconds, over every decided grievance; null when none is decided. */
  median_decision_s: number | null;
  /** Per refusal rule (the refusal reason a grievance contests): how many decided, how many accepted. */
  per_rule: { rule: string; decided: number; accepted: number }[];
}

export interface GrievanceService {
  raise(r: RaiseRequest): Promise<RaiseOutcome>;
  /** By ticket as typed (case and spaces forgiven; a wrong check character is `malformed`). */
  get(ticket: string): Promise<Lookup>;
  /** A subscriber's grievances, newest first, by meter or contract number as typed. */
  byNumber(number: string): Promise<Grievance[]>;
  list(filter: QueueFilter): Promise<Grievance[]>;
  /** Moves an open grievance to in_review with an owner (null: back to the queue); recorded as a note. */
  assign(ticket: string, to: string | null, by: Actor): Promise<Lookup>;
  note(ticket: string, body: string, by: Actor): Promise<Lookup>;
  notes(ticket: string): Promise<GrievanceNote[]>;
  decide(ticket: string, d: DecideRequest, by: Actor): Promise<DecideOutcome>;
  report(): Promise<GrievanceReport>;
}
