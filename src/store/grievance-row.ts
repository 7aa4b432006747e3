/** @module A grievance row as either engine reads it, to the domain's Grievance (and the one-open-grievance subject key). */
import type { Grievance, GrievanceRemedy } from '../domain/grievance.js';
import type { GrievanceException, NewGrievance, Replacement, ReportRow } from './grievance-contract.js';

export const GRIEVANCE_COLS = `id, ticket, subscriber_id, number, programme_id, cycle, category, message, phone, channel, logged_by, agency,
  status, assigned_to, refusal_reason, created_at, due_at, decided_at, decided_by, decision, reason, remedy`;
export const REPORT_COLS = 'category, agency, status, due_at, created_at, decided_at, decision, refusal_reason';
export const EXCEPTION_COLS = 'subscriber_id, programme_id, cycle, ticket, approver, created_at';
export const REPLACEMENT_COLS = 'credit_id, ticket, subscriber_id, token, tid, approver, created_at';

/** Who a grievance is about, for the unique index of open ones: the subscriber when known, else the number raised. */
export const subjectOf = (g: Pick<NewGrievance, 'subscriber_id' | 'number'>): string => g.subscriber_id !== null ? `s:${g.subscriber_id}` : `n:${g.number}`;

/** The credit a remedy names, kept in a column of its own (the billing export joins on it). */
export function remedyCredit(r: GrievanceRemedy | null): number | null {
  return r !== null && 'credit_id' in r ? r.credit_id : null;
}

type Row = Omit<Grievance, 'remedy' | 'id' | 'subscriber_id'> & { id: number | string; subscriber_id: number | string | null; remedy: string | null };

/** PostgreSQL's bigint comes back as a string: numbers here whatever the engine. */
export function grievanceOf(r: Row): Grievance {
  return {
    ...r,
    id: Number(r.id),
    subscriber_id: r.subscriber_id === null ? null : Number(r.subscriber_id),
    remedy: r.remedy === null ? null : (JSON.parse(r.remedy) as GrievanceRemedy),
  };
}

export function exceptionOf(r: GrievanceException & { subscriber_id: number | string }): GrievanceException {
  return { ...r, subscriber_id: Number(r.subscriber_id) };
}

export function replacementOf(r: Replacement & { credit_id: number | string; subscriber_id: number | string; tid: number | string | null }): Replacement {
  return { ...r, credit_id: Number(r.credit_id), subscriber_id: Number(r.subscriber_id), tid: r.tid === null ? null : Number(r.tid) };
}

export const reportRowOf = (r: ReportRow): ReportRow => r;

/** The queue's filter as SQL conditions; `p(v)` adds a parameter and returns its placeholder (`?` or `$n`). */
export function queueWhere(f: { status?: string; category?: string; agency?: string; late?: boolean; before?: number }, now: string, p: (v: unknown) => string): string {
  const w: string[] = [];
  if (f.status === 'undecided') w.push('decision IS NULL');
  else if (f.status !== undefined) w.push(`status = ${p(f.status)}`);
  if (f.category !== undefined) w.push(`category = ${p(f.category)}`);
  if (f.agency !== undefined) w.push(`agency = ${p(f.agency)}`);
  if (f.late) w.push(`decision IS NULL AND due_at < ${p(now)}`);
  if (f.before !== undefined) w.push(`id < ${p(f.before)}`);
  return w.length ? `WHERE ${w.join(' AND ')}` : '';
}
