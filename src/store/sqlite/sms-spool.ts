/**
 * @module The SMS spool on SQLite: a group commit's notices as one row, moved into the outbox as the sender drains it.
 *
 * A row in `sms_outbox` per notice, written in each credit's transaction, cost the writer thread about 25 µs a credit
 * under a claim load (a better-sqlite3 call and a table and two index inserts each), a fifth of its time: claims/s
 * with SMS on fell to 0.63-0.81 of SMS off. The spool keeps the guarantee (a credit's notices are committed in its own
 * transaction: a crash loses none) for the price of one insert a batch. `take` moves spooled rows into the outbox, in
 * journal order, only when the due messages run short, so the outbox grows at the sending rate, not the claims' rate.
 * Seen from outside (take, counts, history, a store copy) a spooled message is a queued one.
 */
import type { OutboxMessage } from '../../domain/sms.js';
import type { SqliteDb } from './open.js';

interface Pending {
  cycle: string;
  first: number;
  last: number;
  rows: unknown[][];
}

export class SmsSpool {
  /** The batch's notices so far, per cycle (a batch at a cycle's boundary holds two). */
  private pending = new Map<string, Pending>();
  private readonly insert;
  private readonly head;
  private readonly move;
  private readonly drop;
  private readonly total;
  private readonly totalOf;
  private readonly covering;

  constructor(db: SqliteDb) {
    this.insert = db.prepare('INSERT INTO sms_spool (cycle, n, first_credit, last_credit, messages) VALUES (?, ?, ?, ?, ?)');
    this.head = db.prepare('SELECT id, n FROM sms_spool ORDER BY id LIMIT ?');
    // Expanded by SQLite itself (json_each), in spool order then message order: the journal's.
    this.move = db.prepare(`INSERT INTO sms_outbox (credit_id, cycle, kind, phone, text, state, due_at, created_at, updated_at)
      SELECT j.value ->> 0, s.cycle, j.value ->> 1, j.value ->> 2, j.value ->> 3, 'queued', j.value ->> 5, j.value ->> 4, j.value ->> 4
      FROM sms_spool s, json_each(s.messages) j WHERE s.id <= ? ORDER BY s.id, j.key`);
    this.drop = db.prepare('DELETE FROM sms_spool WHERE id <= ?');
    this.total = db.prepare('SELECT coalesce(sum(n), 0) FROM sms_spool').pluck();
    this.totalOf = db.prepare('SELECT coalesce(sum(n), 0) FROM sms_spool WHERE cycle = ?').pluck();
    this.covering = db.prepare('SELECT max(id) FROM sms_spool WHERE first_credit <= ?').pluck();
  }

  /** Starts a batch (a transaction that failed midway left its notices here). */
  begin(): void {
    if (this.pending.size) this.pending = new Map();
  }

  add(creditId: number | bigint, cycle: string, messages: readonly OutboxMessage[], issuedAt: string): void {
    const id = Number(creditId);
    let p = this.pending.get(cycle);
    if (!p) this.pending.set(cycle, (p = { cycle, first: id, last: id, rows: [] }));
    p.last = id;
    const due = Date.parse(issuedAt);
    for (const m of messages) p.rows.push([id, m.kind, m.to, m.text, issuedAt, due]);
  }

  /** Ends a batch, inside its transaction: one row per cycle. */
  commit(): void {
    for (const p of this.pending.values()) this.insert.run(p.cycle, p.rows.length, p.first, p.last, JSON.stringify(p.rows));
    this.pending = new Map();
  }

  /** Moves the oldest spooled rows, at least `atLeast` messages if there are that many, into the outbox. Returns how many moved. */
  unspool(atLeast: number, maxRows = 8): number {
    const rows = this.head.all(maxRows) as { id: number; n: number }[];
    let upTo = 0;
    let moved = 0;
    for (const r of rows) {
      upTo = r.id;
      moved += r.n;
      if (moved >= atLeast) break;
    }
    if (upTo === 0) return 0;
    this.moveThrough(upTo);
    return moved;
  }

  /** Moves every spooled row up to the last one holding notices of credits up to `creditId` (a history asks about them). */
  unspoolThrough(creditId: number): void {
    const upTo = this.covering.get(creditId) as number | null;
    if (upTo !== null) this.moveThrough(upTo);
  }

  holdsThrough(creditId: number): boolean {
    return this.covering.get(creditId) !== null;
  }

  /** Everything spooled, into the outbox (a store copy reads the outbox only). */
  unspoolAll(): void {
    this.moveThrough(Number.MAX_SAFE_INTEGER);
  }

  /** Spool rows up to this id into the outbox, and out of the spool. */
  private moveThrough(upTo: number): void {
    this.move.run(upTo);
    this.drop.run(upTo);
  }

  /** Messages spooled, all of them queued. */
  count(cycle?: string): number {
    return (cycle === undefined ? this.total.get() : this.totalOf.get(cycle)) as number;
  }
}
