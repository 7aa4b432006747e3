/**
 * @module What the console asks of grievances: the GrievanceService port of grievances/port.ts (CONTRACT §10), as the
 * console uses it. A console module may not import grievances/ (the same layer, layers.test.ts), so the console names
 * the part it calls here, like the desk's `Claimer`; the service of grievances/service.ts fits it as it is.
 */
import type { Who } from '../../claims/request.js';
import type { FieldError } from '../../claims/outcome.js';
import type { Grievance, GrievanceCategory, GrievanceNote, GrievanceStatus } from '../../domain/grievance.js';

export type Lookup = { kind: 'found'; grievance: Grievance } | { kind: 'malformed' } | { kind: 'not_found' };

export interface ConsoleRaise {
  who: Who;
  category: string;
  message: string;
  phone: string | null;
  channel: 'agent';
  logged_by: string | null;
  cycle: string | null;
}

export type RaiseOutcome =
  | { kind: 'raised'; grievance: Grievance }
  | { kind: 'existing'; grievance: Grievance }
  | { kind: 'invalid'; errors: FieldError[] };

export interface Decision {
  decision: 'accepted' | 'rejected';
  reason: string;
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
  | { kind: 'same_person' }
  | { kind: 'invalid'; errors: FieldError[] };

export interface QueueFilter {
  status?: GrievanceStatus | 'undecided';
  category?: GrievanceCategory;
  agency?: string;
  late?: boolean;
  limit: number;
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
  median_decision_s: number | null;
  per_rule: { rule: string; decided: number; accepted: number }[];
}

export interface ConsoleGrievances {
  raise(r: ConsoleRaise): Promise<RaiseOutcome>;
  get(ticket: string): Promise<Lookup>;
  byNumber(number: string): Promise<Grievance[]>;
  list(filter: QueueFilter): Promise<Grievance[]>;
  assign(ticket: string, to: string | null, by: Actor): Promise<Lookup>;
  note(ticket: string, body: string, by: Actor): Promise<Lookup>;
  notes(ticket: string): Promise<GrievanceNote[]>;
  decide(ticket: string, d: Decision, by: Actor): Promise<DecideOutcome>;
  report(): Promise<GrievanceReport>;
}
