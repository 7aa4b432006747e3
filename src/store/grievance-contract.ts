/**
 * @module The store side of grievances: one row per grievance, its notes, and what an accepted one leaves behind (an
 * exception the claim path honours, a replacement token); every change one transaction, on either engine.
 */
import type { Grievance, GrievanceException, GrievanceNote, GrievanceRemedy } from '../domain/grievance.js';
import type { OutboxMessage } from '../domain/sms.js';

/** A grievance as raised: everything but what its life and decision fill in. */
/** The queue's filter (the port's QueueFilter, declared here: the store sits below the grievances). */
export interface GrievanceQuery {
  status?: Grievance['status'] | 'undecided';
  category?: Grievance['category'];
  agency?: string;
  late?: boolean;
  limit: number;
  before?: number;
}

export type NewGrievance = Omit<Grievance, 'id' | 'status' | 'assigned_to' | 'decided_at' | 'decided_by' | 'decision' | 'reason' | 'remedy'>;

export type InsertOutcome =
  | { kind: 'raised' | 'existing'; grievance: Grievance }
  /** Another grievance already holds this ticket: draw another (never the caller's fault). */
  | { kind: 'ticket_taken' };

export type { GrievanceException };

/** A new STS token for a credit whose token the meter rejected: linked to the credit, never a credit of its own. */
export interface Replacement {
  credit_id: number;
  ticket: string;
  subscriber_id: number;
  token: string;
  /** Recorded as the meter's last TID, as a credit's is: two tokens never share one. */
  tid: number | null;
  approver: string;
  created_at: string;
}

export interface DecisionWrite {
  decision: 'accepted' | 'rejected';
  reason: string;
  decided_by: string;
  decided_at: string;
  remedy: GrievanceRemedy | null;
  exception: GrievanceException | null;
  replacement: Replacement | null;
  /** The decision's notice (and a resent token), queued in the decision's own transaction. */
  sms: readonly OutboxMessage[];
}

export type DecisionOutcome =
  | { kind: 'decided' | 'already_decided'; grievance: Grievance }
  /** The replacement's TID is not above the meter's last one (another node minted meanwhile): mint again above it. */
  | { kind: 'tid_taken'; last_tid: number }
  | null;

/** What the report reads of every grievance (a few thousand rows: summed in memory). */
export type ReportRow = Pick<Grievance, 'category' | 'agency' | 'status' | 'due_at' | 'created_at' | 'decided_at' | 'decision' | 'refusal_reason'>;

/** A credit as a grievance needs it (resend, replacement, billing flag): the subscriber's own credit in that cycle. */
export interface GrievedCredit {
  id: number;
  subscriber_id: number;
  programme_id: string;
  cycle: string;
  fcfa: number;
  units_tenths: number;
  unit: string;
  token: string | null;
  claim_id: string;
}

export interface GrievanceStore {
  /**
   * Inserts with its acknowledgement SMS, or returns the open grievance of the same subscriber (or number), cycle and
   * category: a unique index decides, so two raised at once from two nodes give one ticket.
   */
  insert(g: NewGrievance, sms: readonly OutboxMessage[]): Promise<InsertOutcome>;
  byTicket(ticket: string): Promise<Grievance | null>;
  /** A subscriber's grievances (by id when known, else by the number as raised), newest first. */
  byNumber(q: { subscriber_id: number | null; number: string }): Promise<Grievance[]>;
  list(filter: GrievanceQuery, now: string): Promise<Grievance[]>;
  /** An undecided grievance to `to` (in_review) or back to the queue (null: open), with its note; null: none undecided. */
  assign(ticket: string, to: string | null, note: Omit<GrievanceNote, 'grievance_id'>): Promise<Grievance | null>;
  addNote(ticket: string, note: Omit<GrievanceNote, 'grievance_id'>): Promise<Grievance | null>;
  notes(ticket: string): Promise<GrievanceNote[]>;
  /** Decides an undecided grievance once (a second decision at once is `already_decided`); null: no such ticket. */
  decide(ticket: string, w: DecisionWrite): Promise<DecisionOutcome>;
  /** Every exception, for the claim service at start. */
  exceptions(): Promise<GrievanceException[]>;
  exception(subscriberId: number, programmeId: string, cycle: string): Promise<GrievanceException | null>;
  /** The subscriber's credit in a programme's cycle, or null. */
  creditOf(subscriberId: number, programmeId: string, cycle: string): Promise<GrievedCredit | null>;
  replacements(creditId: number): Promise<Replacement[]>;
  reportRows(): Promise<ReportRow[]>;
}
