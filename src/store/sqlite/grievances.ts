/** @module Grievances in SQLite: small transactions on the main connection (people raise and decide them; no group commit needed). */
import type { Grievance, GrievanceNote } from '../../domain/grievance.js';
import type { OutboxMessage } from '../../domain/sms.js';
import type {
  DecisionOutcome, DecisionWrite, GrievanceException, GrievanceQuery, GrievanceStore, GrievedCredit, InsertOutcome, NewGrievance, Replacement, ReportRow,
} from '../grievance-contract.js';
import {
  EXCEPTION_COLS, GRIEVANCE_COLS, REPLACEMENT_COLS, REPORT_COLS, exceptionOf, grievanceOf, queueWhere, remedyCredit, replacementOf, subjectOf,
} from '../grievance-row.js';
import type { SqliteDb } from './open.js';

type Note = Omit<GrievanceNote, 'grievance_id'>;

export class SqliteGrievances implements GrievanceStore {
  private readonly insertTx;
  private readonly noteTx;
  private readonly assignTx;
  private readonly decideTx;

  constructor(private readonly db: SqliteDb) {
    const one = (ticket: string) => db.prepare(`SELECT ${GRIEVANCE_COLS} FROM grievances WHERE ticket = ?`).get(ticket) as Parameters<typeof grievanceOf>[0] | undefined;
    const get = (ticket: string) => { const r = one(ticket); return r ? grievanceOf(r) : null; };
    const addNote = (id: number, n: Note) => db.prepare('INSERT INTO grievance_notes (grievance_id, author, body, created_at) VALUES (?, ?, ?, ?)').run(id, n.author, n.body, n.created_at);
    this.insertTx = db.transaction((g: NewGrievance, sms: readonly OutboxMessage[]): InsertOutcome => {
      const subject = subjectOf(g);
      const r = db.prepare(`INSERT INTO grievances (ticket, subscriber_id, number, subject, programme_id, cycle, category, message, phone, channel,
        logged_by, agency, status, refusal_reason, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) ON CONFLICT DO NOTHING`)
        .run(g.ticket, g.subscriber_id, g.number, subject, g.programme_id, g.cycle, g.category, g.message, g.phone, g.channel, g.logged_by, g.agency,
          g.refusal_reason, g.created_at, g.due_at);
      if (r.changes === 1) {
        enqueue(db, sms, g.created_at);
        return { kind: 'raised', grievance: get(g.ticket)! };
      }
      const open = db.prepare(`SELECT ticket FROM grievances WHERE subject = ? AND programme_id = ? AND cycle = ? AND category = ? AND decision IS NULL`)
        .pluck().get(subject, g.programme_id, g.cycle, g.category) as string | undefined;
      return open !== undefined ? { kind: 'existing', grievance: get(open)! } : { kind: 'ticket_taken' };
    });
    this.noteTx = db.transaction((ticket: string, n: Note): Grievance | null => {
      const g = get(ticket);
      if (g) addNote(g.id, n);
      return g;
    });
    this.assignTx = db.transaction((ticket: string, to: string | null, n: Note): Grievance | null => {
      const id = db.prepare(`UPDATE grievances SET assigned_to = ?, status = ? WHERE ticket = ? AND decision IS NULL RETURNING id`)
        .pluck().get(to, to === null ? 'open' : 'in_review', ticket) as number | undefined;
      if (id === undefined) return null;
      addNote(id, n);
      return get(ticket);
    });
    this.decideTx = db.transaction((ticket: string, w: DecisionWrite): DecisionOutcome => {
      const g = get(ticket);
      if (!g) return null;
      if (g.decision !== null) return { kind: 'already_decided', grievance: g };
      const rep = w.replacement;
      if (rep && rep.tid !== null) {
        const last = db.prepare('SELECT last_tid FROM subscribers WHERE id = ?').pluck().get(rep.subscriber_id) as number | null | undefined;
        if (last != null && last >= rep.tid) return { kind: 'tid_taken', last_tid: last };
        db.prepare('UPDATE subscribers SET last_tid = ? WHERE id = ?').run(rep.tid, rep.subscriber_id);
      }
      db.prepare(`UPDATE grievances SET status = ?, decision = ?, reason = ?, decided_by = ?, decided_at = ?, remedy = ?, remedy_credit_id = ?
        WHERE id = ? AND decision IS NULL`).run(w.decision, w.decision, w.reason, w.decided_by, w.decided_at,
        w.remedy === null ? null : JSON.stringify(w.remedy), remedyCredit(w.remedy), g.id);
      const e = w.exception;
      if (e) {
        db.prepare(`INSERT INTO grievance_exceptions (${EXCEPTION_COLS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
          .run(e.subscriber_id, e.programme_id, e.cycle, e.ticket, e.approver, e.created_at);
      }
      if (rep) {
        db.prepare(`INSERT INTO credit_replacements (${REPLACEMENT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
          .run(rep.credit_id, rep.ticket, rep.subscriber_id, rep.token, rep.tid, rep.approver, rep.created_at);
      }
      enqueue(db, w.sms, w.decided_at);
      return { kind: 'decided', grievance: get(ticket)! };
    });
  }

  async insert(g: NewGrievance, sms: readonly OutboxMessage[]): Promise<InsertOutcome> {
    return this.insertTx.immediate(g, sms);
  }

  async byTicket(ticket: string): Promise<Grievance | null> {
    const r = this.db.prepare(`SELECT ${GRIEVANCE_COLS} FROM grievances WHERE ticket = ?`).get(ticket) as Parameters<typeof grievanceOf>[0] | undefined;
    return r ? grievanceOf(r) : null;
  }

  async byNumber(q: { subscriber_id: number | null; number: string }): Promise<Grievance[]> {
    const subjects = q.subscriber_id !== null ? [`s:${q.subscriber_id}`, `n:${q.number}`] : [`n:${q.number}`];
    return (this.db.prepare(`SELECT ${GRIEVANCE_COLS} FROM grievances WHERE subject IN (${subjects.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 100`)
      .all(...subjects) as Parameters<typeof grievanceOf>[0][]).map(grievanceOf);
  }

  async list(f: GrievanceQuery, now: string): Promise<Grievance[]> {
    const args: unknown[] = [];
    const where = queueWhere(f, now, (v) => (args.push(v), '?'));
    return (this.db.prepare(`SELECT ${GRIEVANCE_COLS} FROM grievances ${where} ORDER BY id DESC LIMIT ?`).all(...args, f.limit) as Parameters<typeof grievanceOf>[0][])
      .map(grievanceOf);
  }

  async assign(ticket: string, to: string | null, note: Note): Promise<Grievance | null> {
    return this.assignTx.immediate(ticket, to, note);
  }

  async addNote(ticket: string, note: Note): Promise<Grievance | null> {
    return this.noteTx.immediate(ticket, note);
  }

  async notes(ticket: string): Promise<GrievanceNote[]> {
    return this.db.prepare(`SELECT n.grievance_id, n.author, n.body, n.created_at FROM grievance_notes n JOIN grievances g ON g.id = n.grievance_id
      WHERE g.ticket = ? ORDER BY n.id`).all(ticket) as GrievanceNote[];
  }

  async decide(ticket: string, w: DecisionWrite): Promise<DecisionOutcome> {
    return this.decideTx.immediate(ticket, w);
  }

  async exceptions(): Promise<GrievanceException[]> {
    return (this.db.prepare(`SELECT ${EXCEPTION_COLS} FROM grievance_exceptions`).all() as GrievanceException[]).map(exceptionOf);
  }

  async exception(subscriberId: number, programmeId: string, cycle: string): Promise<GrievanceException | null> {
    const r = this.db.prepare(`SELECT ${EXCEPTION_COLS} FROM grievance_exceptions WHERE subscriber_id = ? AND programme_id = ? AND cycle = ?`)
      .get(subscriberId, programmeId, cycle) as GrievanceException | undefined;
    return r ? exceptionOf(r) : null;
  }

  async creditOf(subscriberId: number, programmeId: string, cycle: string): Promise<GrievedCredit | null> {
    return (this.db.prepare(`SELECT id, subscriber_id, programme_id, cycle, fcfa, units_tenths, unit, token, claim_id FROM credits
      WHERE subscriber_id = ? AND programme_id = ? AND cycle = ?`).get(subscriberId, programmeId, cycle) as GrievedCredit | undefined) ?? null;
  }

  async replacements(creditId: number): Promise<Replacement[]> {
    return (this.db.prepare(`SELECT ${REPLACEMENT_COLS} FROM credit_replacements WHERE credit_id = ? ORDER BY id`).all(creditId) as Replacement[]).map(replacementOf);
  }

  async reportRows(): Promise<ReportRow[]> {
    return this.db.prepare(`SELECT ${REPORT_COLS} FROM grievances`).all() as ReportRow[];
  }
}

/** Notices not tied to a credit (sms_outbox, the same columns the outbox's own enqueue writes). */
function enqueue(db: SqliteDb, sms: readonly OutboxMessage[], at: string): void {
  const t = Date.parse(at);
  const ins = db.prepare(`INSERT INTO sms_outbox (kind, phone, text, state, due_at, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?, ?)`);
  for (const m of sms) ins.run(m.kind, m.to, m.text, t, at, at);
}
