/** @module The SMS outbox in PostgreSQL: several nodes drain one outbox under leases (FOR UPDATE SKIP LOCKED), never sending a message twice. */
import type pg from 'pg';
import { SMS_STATES, type OutboxMessage, type SmsJob, type SmsState } from '../../domain/sms.js';
import type { OutboxRow, SmsOutboxStore } from '../sms-contract.js';

const JOB_COLS = 'id, phone, text, attempts, unanswered';
type JobRow = { id: string | number; phone: string; text: string; attempts: number; unanswered: number };
const jobOf = (r: JobRow): SmsJob => ({ id: Number(r.id), to: r.phone.replace(/^\+/, ''), text: r.text, attempts: r.attempts, unanswered: r.unanswered });
const iso = (ms: number) => new Date(ms).toISOString();

/** Inside the claim commit: each credit's messages go in with it, in journal order (their ids follow it). */
export async function insertCreditSms(c: pg.PoolClient, rows: { m: OutboxMessage; creditId: number; cycle: string; at: number }[]): Promise<void> {
  if (rows.length === 0) return;
  await c.query(`INSERT INTO sms_outbox (credit_id, cycle, kind, phone, text, state, due_at, created_at, updated_at)
    SELECT v.credit_id, v.cycle, v.kind, v.phone, v.text, 'queued', v.due_at, v.at, v.at
    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[]) AS v(credit_id, cycle, kind, phone, text, due_at, at)`,
  [rows.map((r) => r.creditId), rows.map((r) => r.cycle), rows.map((r) => r.m.kind), rows.map((r) => r.m.to), rows.map((r) => r.m.text),
    rows.map((r) => r.at), rows.map((r) => iso(r.at))]);
}

export class PgSmsOutbox implements SmsOutboxStore {
  constructor(private readonly pool: pg.Pool, private readonly now: () => number = Date.now) {}

  async enqueue(messages: readonly OutboxMessage[]): Promise<number[]> {
    if (messages.length === 0) return [];
    const t = this.now();
    const { rows } = await this.pool.query<{ id: string }>(`INSERT INTO sms_outbox (kind, phone, text, state, due_at, created_at, updated_at)
      SELECT v.kind, v.phone, v.text, 'queued', $4, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS v(kind, phone, text, n)
      ORDER BY v.n RETURNING id`, [messages.map((m) => m.kind), messages.map((m) => m.to), messages.map((m) => m.text), t, iso(t)]);
    return rows.map((r) => Number(r.id));
  }

  /** One statement: the rows another node is leasing at this instant are skipped, not waited for. */
  async take(n: number, node: string, now: number, leaseMs: number): Promise<SmsJob[]> {
    const { rows } = await this.pool.query<JobRow>(`UPDATE sms_outbox o SET state = 'sending', lease_until = $3, leased_by = $4, front = 0, updated_at = $5
      FROM (SELECT id FROM sms_outbox WHERE (state = 'queued' AND due_at <= $1) OR (state = 'sending' AND lease_until <= $1)
            ORDER BY front DESC, id LIMIT $2 FOR UPDATE SKIP LOCKED) d
      WHERE o.id = d.id RETURNING o.${JOB_COLS.split(', ').join(', o.')}`, [now, n, now + leaseMs, node, iso(now)]);
    return rows.map(jobOf).sort((a, b) => a.id - b.id);
  }

  sent(job: SmsJob, node: string, messageId: string): Promise<boolean> {
    return this.put(job, node, 'sent', this.now(), false, messageId, null);
  }

  retry(job: SmsJob, node: string | null, r: { dueAt: number; front: boolean; reason: string }): Promise<boolean> {
    return this.put(job, node, 'queued', r.dueAt, r.front, null, r.reason);
  }

  failed(job: SmsJob, node: string | null, reason: string): Promise<boolean> {
    return this.put(job, node, 'failed', this.now(), false, null, reason);
  }

  async receipt(messageId: string, delivered: boolean, stat: string): Promise<SmsJob | null> {
    const sql = delivered
      ? `UPDATE sms_outbox SET state = 'delivered', reason = $2, updated_at = $3 WHERE id = (SELECT id FROM sms_outbox WHERE message_id = $1 AND state = 'sent' ORDER BY id DESC LIMIT 1) RETURNING ${JOB_COLS}`
      : `SELECT ${JOB_COLS} FROM sms_outbox WHERE message_id = $1 AND state = 'sent' ORDER BY id DESC LIMIT 1`;
    const { rows } = await this.pool.query<JobRow>(sql, delivered ? [messageId, stat, iso(this.now())] : [messageId]);
    return rows[0] ? jobOf(rows[0]) : null;
  }

  async counts(cycle?: string): Promise<Record<SmsState, number>> {
    const { rows } = await this.pool.query<{ state: SmsState; n: number }>(
      `SELECT state, count(*)::int AS n FROM sms_outbox ${cycle === undefined ? '' : 'WHERE cycle = $1'} GROUP BY state`, cycle === undefined ? [] : [cycle]);
    const out = Object.fromEntries(SMS_STATES.map((s) => [s, 0])) as Record<SmsState, number>;
    for (const r of rows) out[r.state] = r.n;
    return out;
  }

  async history(q: { phone?: string; creditIds?: readonly number[] }, limit: number): Promise<OutboxRow[]> {
    if (q.phone === undefined && !q.creditIds?.length) return [];
    const { rows } = await this.pool.query<OutboxRow & { id: string; credit_id: string | null }>(`SELECT id, credit_id, cycle, kind, phone, text, state, attempts, message_id, reason, created_at, updated_at
      FROM sms_outbox WHERE phone = $1 OR credit_id = ANY($2::bigint[]) ORDER BY id DESC LIMIT $3`, [q.phone ?? null, q.creditIds ?? [], limit]);
    return rows.map((r) => ({ ...r, id: Number(r.id), credit_id: r.credit_id === null ? null : Number(r.credit_id) }));
  }

  async release(node: string | null): Promise<number> {
    const { rowCount } = await this.pool.query(`UPDATE sms_outbox SET state = 'queued', lease_until = NULL, leased_by = NULL, front = 1, updated_at = $2
      WHERE state = 'sending' AND ($1::text IS NULL OR leased_by = $1)`, [node, iso(this.now())]);
    return rowCount ?? 0;
  }

  /** Only the holder of the lease settles a message (node null: any, for a receipt's decision). */
  private async put(job: SmsJob, node: string | null, state: SmsState, dueAt: number, front: boolean, messageId: string | null, reason: string | null): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE sms_outbox SET state = $1, attempts = $2, unanswered = $3, due_at = $4, front = $5, message_id = $6,
      reason = $7, lease_until = NULL, leased_by = NULL, updated_at = $8 WHERE id = $9 AND ($10::text IS NULL OR leased_by = $10)`,
    [state, job.attempts, job.unanswered, dueAt, front ? 1 : 0, messageId, reason, iso(this.now()), job.id, node]);
    return rowCount === 1;
  }
}
