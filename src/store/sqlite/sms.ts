/** @module The SMS outbox in SQLite: statements on one connection (the writer thread's for writes), run inside its transactions. */
import { SMS_STATES, type OutboxMessage, type SmsJob, type SmsState } from '../../domain/sms.js';
import type { OutboxRow } from '../sms-contract.js';
import type { SqliteDb } from './open.js';
import { isoTime } from '../../claims/credit-book.js';
import { SmsSpool } from './sms-spool.js';

/** One outbox operation: what crosses to the writer thread (a batch of them is one transaction). */
export type SmsOp =
  | { op: 'enqueue'; messages: readonly OutboxMessage[]; now: number }
  | { op: 'take'; n: number; node: string; now: number; leaseMs: number }
  | { op: 'sent'; job: SmsJob; node: string; messageId: string; now: number }
  | { op: 'retry'; job: SmsJob; node: string | null; dueAt: number; front: boolean; reason: string; now: number }
  | { op: 'failed'; job: SmsJob; node: string | null; reason: string; now: number }
  | { op: 'receipt'; messageId: string; delivered: boolean; stat: string; now: number }
  | { op: 'release'; node: string | null; now: number }
  | { op: 'unspool'; throughCredit: number };

/** What became of a group of outbox operations on the writer thread: each one's result in order, or why all failed. */
export type SmsResult = { results?: unknown[]; error?: string };

/** An outbox operation asked, and the promise waiting for what became of it. */
export interface SmsCall {
  op: SmsOp;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

/** Settles a group of calls run together: each with its result, or all with the group's error. */
export function settleSms(calls: readonly SmsCall[], r: SmsResult | undefined): void {
  if (r?.results) calls.forEach((o, i) => o.resolve(r.results![i]));
  else calls.forEach((o) => o.reject(new Error(r?.error ?? 'outbox operations lost with their commit')));
}

const JOB_COLS = 'id, phone, text, attempts, unanswered';
type JobRow = { id: number; phone: string; text: string; attempts: number; unanswered: number };
const jobOf = (r: JobRow): SmsJob => ({ id: r.id, to: r.phone.replace(/^\+/, ''), text: r.text, attempts: r.attempts, unanswered: r.unanswered });
/** toISOString without a Date a call (credit-book.ts): a few of these a message sent, on the writer thread. */
const iso = isoTime;

export class SqliteSmsRepo {
  private readonly insert;
  private readonly due;
  private readonly lease;
  private readonly expired;
  private readonly settle;
  private readonly byMessage;
  private readonly deliver;
  private readonly releaseOne;
  private readonly releaseAll;
  /** Where a group commit's notices go (sms-spool.ts); moved into the outbox by take(). */
  readonly spool: SmsSpool;

  constructor(private readonly db: SqliteDb) {
    this.spool = new SmsSpool(db);
    this.insert = db.prepare(`INSERT INTO sms_outbox (credit_id, cycle, kind, phone, text, state, due_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`);
    // Due: queued and due, front ones first, then in journal order: along the index, no sort. The IN term is the
    // partial index's own WHERE, written out: SQLite uses a partial index only for a query that repeats it.
    this.due = db.prepare(`SELECT ${JOB_COLS} FROM sms_outbox WHERE state IN ('queued', 'sending') AND state = 'queued' AND due_at <= ? ORDER BY front DESC, id LIMIT ?`);
    // Leases of a dispatcher that died holding them: back in line, ahead (rare: looked for at each take, by the index).
    this.expired = db.prepare(`UPDATE sms_outbox SET state = 'queued', lease_until = NULL, leased_by = NULL, front = 1 WHERE state IN ('queued', 'sending') AND state = 'sending' AND lease_until <= ?`);
    this.lease = db.prepare(`UPDATE sms_outbox SET state = 'sending', lease_until = ?, leased_by = ?, front = 0, updated_at = ? WHERE id = ?`);
    // Only the holder of the lease settles a message (node null: any, for an operator's or a receipt's decision).
    this.settle = db.prepare(`UPDATE sms_outbox SET state = ?, attempts = ?, unanswered = ?, due_at = ?, front = ?, message_id = ?, reason = ?,
      lease_until = NULL, leased_by = NULL, updated_at = ? WHERE id = ? AND (? IS NULL OR leased_by = ?)`);
    this.byMessage = db.prepare(`SELECT ${JOB_COLS} FROM sms_outbox WHERE message_id = ? AND state = 'sent' ORDER BY id DESC LIMIT 1`);
    this.deliver = db.prepare(`UPDATE sms_outbox SET state = 'delivered', reason = ?, updated_at = ? WHERE id = ?`);
    this.releaseOne = db.prepare(`UPDATE sms_outbox SET state = 'queued', lease_until = NULL, leased_by = NULL, front = 1, updated_at = ? WHERE state IN ('queued', 'sending') AND state = 'sending' AND leased_by = ?`);
    this.releaseAll = db.prepare(`UPDATE sms_outbox SET state = 'queued', lease_until = NULL, leased_by = NULL, front = 1, updated_at = ? WHERE state IN ('queued', 'sending') AND state = 'sending'`);
  }

  /** One operation, inside the caller's transaction. */
  run(o: SmsOp): unknown {
    switch (o.op) {
      case 'enqueue':
        return o.messages.map((m) => Number(this.insert.run(null, null, m.kind, m.to, m.text, o.now, iso(o.now), iso(o.now)).lastInsertRowid));
      case 'take': {
        this.expired.run(o.now);
        let rows = this.due.all(o.now, o.n) as JobRow[];
        if (rows.length < o.n && this.spool.unspool(o.n - rows.length) > 0) rows = this.due.all(o.now, o.n) as JobRow[];
        for (const r of rows) this.lease.run(o.now + o.leaseMs, o.node, iso(o.now), r.id);
        return rows.map(jobOf);
      }
      case 'sent':
        return this.put(o.job, o.node, 'sent', o.now, 0, o.messageId, null, o.now);
      case 'retry':
        return this.put(o.job, o.node, 'queued', o.dueAt, o.front ? 1 : 0, null, o.reason, o.now);
      case 'failed':
        return this.put(o.job, o.node, 'failed', o.now, 0, null, o.reason, o.now);
      case 'receipt': {
        const r = this.byMessage.get(o.messageId) as JobRow | undefined;
        if (!r) return null;
        if (o.delivered) this.deliver.run(o.stat, iso(o.now), r.id);
        return jobOf(r);
      }
      case 'release':
        return (o.node === null ? this.releaseAll.run(iso(o.now)) : this.releaseOne.run(iso(o.now), o.node)).changes;
      case 'unspool':
        return this.spool.unspoolThrough(o.throughCredit);
    }
  }

  private put(job: SmsJob, node: string | null, state: SmsState, dueAt: number, front: number, messageId: string | null, reason: string | null, now: number): boolean {
    return this.settle.run(state, job.attempts, job.unanswered, dueAt, front, messageId, reason, iso(now), job.id, node, node).changes === 1;
  }

  counts(cycle?: string): Record<SmsState, number> {
    const rows = (cycle === undefined
      ? this.db.prepare('SELECT state, count(*) AS n FROM sms_outbox GROUP BY state').all()
      : this.db.prepare('SELECT state, count(*) AS n FROM sms_outbox WHERE cycle = ? GROUP BY state').all(cycle)) as { state: SmsState; n: number }[];
    const out = Object.fromEntries(SMS_STATES.map((s) => [s, 0])) as Record<SmsState, number>;
    for (const r of rows) out[r.state] = r.n;
    out.queued += this.spool.count(cycle);
    return out;
  }

  /** Whether notices of credits up to this one are still spooled: history() shows them once moved (SqliteSmsOutbox does). */
  spooledThrough(creditId: number): boolean {
    return this.spool.holdsThrough(creditId);
  }

  /** Messages of a phone (not tied to a credit) or of credits; a spooled credit's notices are moved first (spooledThrough). */
  history(q: { phone?: string; creditIds?: readonly number[] }, limit: number): OutboxRow[] {
    const ids = q.creditIds ?? [];
    const where = [q.phone !== undefined ? 'phone = ? AND credit_id IS NULL' : null, ids.length ? `credit_id IN (${ids.map(() => '?').join(',')})` : null].filter(Boolean);
    if (where.length === 0) return [];
    const args = [...(q.phone !== undefined ? [q.phone] : []), ...ids, limit];
    return this.db.prepare(`SELECT id, credit_id, cycle, kind, phone, text, state, attempts, message_id, reason, created_at, updated_at
      FROM sms_outbox WHERE ${where.join(' OR ')} ORDER BY id DESC LIMIT ?`).all(...args) as OutboxRow[];
  }
}
