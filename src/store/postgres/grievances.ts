/** @module Grievances in PostgreSQL: shared by every node (raised on one, decided on another), each change one transaction. */
import type pg from 'pg';
import type { Grievance, GrievanceNote } from '../../domain/grievance.js';
import type { OutboxMessage } from '../../domain/sms.js';
import type {
  DecisionOutcome, DecisionWrite, GrievanceException, GrievanceQuery, GrievanceStore, GrievedCredit, InsertOutcome, NewGrievance, Replacement, ReportRow,
} from '../grievance-contract.js';
import {
  EXCEPTION_COLS, GRIEVANCE_COLS, REPLACEMENT_COLS, REPORT_COLS, exceptionOf, grievanceOf, queueWhere, remedyCredit, replacementOf, subjectOf,
} from '../grievance-row.js';
import { transaction } from './tx.js';

type Note = Omit<GrievanceNote, 'grievance_id'>;
type Row = Parameters<typeof grievanceOf>[0];
type Q = Pick<pg.PoolClient, 'query'>;

async function one(q: Q, ticket: string, lock = false): Promise<Grievance | null> {
  const { rows } = await q.query<Row>(`SELECT ${GRIEVANCE_COLS} FROM grievances WHERE ticket = $1${lock ? ' FOR UPDATE' : ''}`, [ticket]);
  return rows[0] ? grievanceOf(rows[0]) : null;
}

async function addNote(q: Q, id: number, n: Note): Promise<void> {
  await q.query('INSERT INTO grievance_notes (grievance_id, author, body, created_at) VALUES ($1, $2, $3, $4)', [id, n.author, n.body, n.created_at]);
}

async function enqueue(q: Q, sms: readonly OutboxMessage[], at: string): Promise<void> {
  if (sms.length === 0) return;
  await q.query(`INSERT INTO sms_outbox (kind, phone, text, state, due_at, created_at, updated_at)
    SELECT v.kind, v.phone, v.text, 'queued', $4, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS v(kind, phone, text, n) ORDER BY v.n`,
    [sms.map((m) => m.kind), sms.map((m) => m.to), sms.map((m) => m.text), Date.parse(at), at]);
}

export class PgGrievances implements GrievanceStore {
  constructor(private readonly pool: pg.Pool) {}

  /** ON CONFLICT DO NOTHING covers both unique indexes: the open one of the same subject (found next), or the ticket. */
  insert(g: NewGrievance, sms: readonly OutboxMessage[]): Promise<InsertOutcome> {
    return transaction(this.pool, 'BEGIN', async (c) => {
      const subject = subjectOf(g);
      const r = await c.query(`INSERT INTO grievances (ticket, subscriber_id, number, subject, programme_id, cycle, category, message, phone, channel,
        logged_by, agency, status, refusal_reason, created_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $14, $15)
        ON CONFLICT DO NOTHING`, [g.ticket, g.subscriber_id, g.number, subject, g.programme_id, g.cycle, g.category, g.message, g.phone, g.channel,
        g.logged_by, g.agency, g.refusal_reason, g.created_at, g.due_at]);
      if (r.rowCount === 1) {
        await enqueue(c, sms, g.created_at);
        return { kind: 'raised', grievance: (await one(c, g.ticket))! };
      }
      const { rows } = await c.query<{ ticket: string }>(`SELECT ticket FROM grievances WHERE subject = $1 AND programme_id = $2 AND cycle = $3
        AND category = $4 AND decision IS NULL`, [subject, g.programme_id, g.cycle, g.category]);
      return rows[0] ? { kind: 'existing', grievance: (await one(c, rows[0].ticket))! } : { kind: 'ticket_taken' };
    });
  }

  byTicket(ticket: string): Promise<Grievance | null> {
    return one(this.pool, ticket);
  }

  async byNumber(q: { subscriber_id: number | null; number: string }): Promise<Grievance[]> {
    const subjects = q.subscriber_id !== null ? [`s:${q.subscriber_id}`, `n:${q.number}`] : [`n:${q.number}`];
    const { rows } = await this.pool.query<Row>(`SELECT ${GRIEVANCE_COLS} FROM grievances WHERE subject = ANY($1::text[]) ORDER BY id DESC LIMIT 100`, [subjects]);
    return rows.map(grievanceOf);
  }

  async list(f: GrievanceQuery, now: string): Promise<Grievance[]> {
    const args: unknown[] = [];
    const where = queueWhere(f, now, (v) => (args.push(v), `$${args.length}`));
    args.push(f.limit);
    const { rows } = await this.pool.query<Row>(`SELECT ${GRIEVANCE_COLS} FROM grievances ${where} ORDER BY id DESC LIMIT $${args.length}`, args);
    return rows.map(grievanceOf);
  }

  assign(ticket: string, to: string | null, note: Note): Promise<Grievance | null> {
    return transaction(this.pool, 'BEGIN', async (c) => {
      const { rows } = await c.query<{ id: string }>('UPDATE grievances SET assigned_to = $1, status = $2 WHERE ticket = $3 AND decision IS NULL RETURNING id',
        [to, to === null ? 'open' : 'in_review', ticket]);
      if (!rows[0]) return null;
      await addNote(c, Number(rows[0].id), note);
      return one(c, ticket);
    });
  }

  addNote(ticket: string, note: Note): Promise<Grievance | null> {
    return transaction(this.pool, 'BEGIN', async (c) => {
      const g = await one(c, ticket);
      if (g) await addNote(c, g.id, note);
      return g;
    });
  }

  async notes(ticket: string): Promise<GrievanceNote[]> {
    const { rows } = await this.pool.query<GrievanceNote & { grievance_id: string }>(`SELECT n.grievance_id, n.author, n.body, n.created_at
      FROM grievance_notes n JOIN grievances g ON g.id = n.grievance_id WHERE g.ticket = $1 ORDER BY n.id`, [ticket]);
    return rows.map((r) => ({ ...r, grievance_id: Number(r.grievance_id) }));
  }

  /** The grievance's row locked first: two supervisors deciding at once, on two nodes, decide it once. */
  decide(ticket: string, w: DecisionWrite): Promise<DecisionOutcome> {
    return transaction(this.pool, 'BEGIN', async (c) => {
      const g = await one(c, ticket, true);
      if (!g) return null;
      if (g.decision !== null) return { kind: 'already_decided', grievance: g };
      const rep = w.replacement;
      if (rep && rep.tid !== null) {
        const { rows } = await c.query<{ last_tid: string | null }>('SELECT last_tid FROM subscribers WHERE id = $1 FOR UPDATE', [rep.subscriber_id]);
        const last = rows[0]?.last_tid == null ? null : Number(rows[0].last_tid);
        if (last !== null && last >= rep.tid) return { kind: 'tid_taken', last_tid: last };
        await c.query('UPDATE subscribers SET last_tid = $1 WHERE id = $2', [rep.tid, rep.subscriber_id]);
      }
      await c.query(`UPDATE grievances SET status = $1, decision = $1, reason = $2, decided_by = $3, decided_at = $4, remedy = $5, remedy_credit_id = $6
        WHERE id = $7`, [w.decision, w.reason, w.decided_by, w.decided_at, w.remedy === null ? null : JSON.stringify(w.remedy), remedyCredit(w.remedy), g.id]);
      const e = w.exception;
      if (e) {
        await c.query(`INSERT INTO grievance_exceptions (${EXCEPTION_COLS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [e.subscriber_id, e.programme_id, e.cycle, e.ticket, e.approver, e.created_at]);
      }
      if (rep) {
        await c.query(`INSERT INTO credit_replacements (${REPLACEMENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [rep.credit_id, rep.ticket, rep.subscriber_id, rep.token, rep.tid, rep.approver, rep.created_at]);
      }
      await enqueue(c, w.sms, w.decided_at);
      return { kind: 'decided', grievance: (await one(c, ticket))! };
    });
  }

  async exceptions(): Promise<GrievanceException[]> {
    return (await this.pool.query<GrievanceException>(`SELECT ${EXCEPTION_COLS} FROM grievance_exceptions`)).rows.map(exceptionOf);
  }

  async exception(subscriberId: number, programmeId: string, cycle: string): Promise<GrievanceException | null> {
    const { rows } = await this.pool.query<GrievanceException>(`SELECT ${EXCEPTION_COLS} FROM grievance_exceptions
      WHERE subscriber_id = $1 AND programme_id = $2 AND cycle = $3`, [subscriberId, programmeId, cycle]);
    return rows[0] ? exceptionOf(rows[0]) : null;
  }

  async creditOf(subscriberId: number, programmeId: string, cycle: string): Promise<GrievedCredit | null> {
    const { rows } = await this.pool.query<GrievedCredit & { id: string; subscriber_id: string }>(`SELECT id, subscriber_id, programme_id, cycle, fcfa,
      units_tenths, unit, token, claim_id FROM credits WHERE subscriber_id = $1 AND programme_id = $2 AND cycle = $3`, [subscriberId, programmeId, cycle]);
    return rows[0] ? { ...rows[0], id: Number(rows[0].id), subscriber_id: Number(rows[0].subscriber_id), fcfa: Number(rows[0].fcfa) } : null;
  }

  async replacements(creditId: number): Promise<Replacement[]> {
    return (await this.pool.query<Replacement>(`SELECT ${REPLACEMENT_COLS} FROM credit_replacements WHERE credit_id = $1 ORDER BY id`, [creditId])).rows.map(replacementOf);
  }

  async reportRows(): Promise<ReportRow[]> {
    return (await this.pool.query<ReportRow>(`SELECT ${REPORT_COLS} FROM grievances`)).rows;
  }
}
