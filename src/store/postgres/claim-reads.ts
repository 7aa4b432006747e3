/** @module PostgreSQL reads of credits and journal: replay, spend, verification snapshot, billing export; all paged in journal order. */
import { type StoredCredit, type ExportedCredit, spendKey, type CreditRecord, type HistoryCredit } from '../../domain/credit.js';
import type pg from 'pg';
import type { JournalEntry } from '../../journal/entry.js';
import type { ClaimReader, CreditTotal, JournalView } from '../contract.js';
import { paged, type Queryable } from './paging.js';
import { transaction } from './tx.js';

export const CREDIT_COLS = `c.claim_id, c.subscriber_id, c.programme_id, c.cycle, c.service, c.metering, c.fcfa, c.units_tenths,
  c.unit, c.token, c.issued_at, c.journal_seq`;

const ENTRIES = 'SELECT seq, prev_hash, hash, body FROM journal WHERE seq > $1 ORDER BY seq LIMIT $2';
const STORED = `SELECT claim_id, journal_seq, contract_no, meter_no, programme_id, cycle, service, metering, fcfa, units_tenths,
  unit, token, issuer, channel, issued_at, grievance_ticket, grievance_approver FROM credits WHERE journal_seq > $1 ORDER BY journal_seq LIMIT $2`;

export class PgClaimReader implements ClaimReader {
  constructor(protected readonly pool: pg.Pool) {}

  creditsForReplay(): AsyncIterable<CreditRecord> {
    return paged(this.pool, `SELECT ${CREDIT_COLS} FROM credits c WHERE c.journal_seq > $1 ORDER BY c.journal_seq LIMIT $2`, 'journal_seq');
  }

  async spendByCycle(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ programme_id: string; cycle: string; spent_fcfa: number }>(
      'SELECT programme_id, cycle, spent_fcfa FROM cycle_spend');
    return new Map(rows.map((r) => [spendKey(r.programme_id, r.cycle), r.spent_fcfa]));
  }

  journalEntries(): AsyncIterable<JournalEntry> {
    return entries(this.pool);
  }

  storedCredits(): AsyncIterable<StoredCredit> {
    return credits(this.pool);
  }

  /**
   * One REPEATABLE READ transaction on one connection: every page of both walks sees the same snapshot, so a
   * commit landing between two pages cannot show up as an entry without its credit. Read-only, it never blocks
   * the writers (MVCC), and it costs them nothing but the old row versions it keeps alive while it runs.
   */
  async readJournal<T>(fn: (view: JournalView) => Promise<T>): Promise<T> {
    return transaction(this.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (c) => fn({ entries: () => entries(c), credits: () => credits(c) }));
  }

  exportCredits(cycle: string, opts: { all: boolean }): AsyncIterable<ExportedCredit> {
    return paged(this.pool, `SELECT claim_id, contract_no, meter_no, service, metering, programme_id, cycle, fcfa, units_tenths,
      unit, channel, issued_at, journal_seq, 
      (SELECT g.ticket FROM grievances g WHERE g.remedy_credit_id = credits.id AND g.category = 'not_credited' AND g.decision = 'accepted' ORDER BY g.id LIMIT 1) AS billing_grievance FROM credits WHERE cycle = $1 ${opts.all ? '' : "AND metering = 'postpaid'"}
      AND journal_seq > $2 ORDER BY journal_seq LIMIT $3`, 'journal_seq', [cycle]);
  }

  async journalHead(): Promise<{ seq: number; hash: string }> {
    return (await this.pool.query<{ seq: number; hash: string }>('SELECT seq, hash FROM journal_head WHERE id = 1')).rows[0];
  }

  async totals(): Promise<CreditTotal[]> {
    // COLLATE "C": the same order as SQLite's, whatever the database's locale.
    return (await this.pool.query<CreditTotal>(`SELECT c.programme_id, c.cycle, c.service, c.metering, s.agency, count(*)::int AS credits,
      sum(c.fcfa)::bigint AS fcfa FROM credits c JOIN subscribers s ON s.id = c.subscriber_id
      GROUP BY c.programme_id, c.cycle, c.service, c.metering, s.agency
      ORDER BY c.programme_id COLLATE "C", c.cycle COLLATE "C", s.agency COLLATE "C", c.service COLLATE "C", c.metering COLLATE "C"`)).rows;
  }

  async creditsOf(subscriberId: number): Promise<HistoryCredit[]> {
    return (await this.pool.query<HistoryCredit>(`SELECT ${HISTORY_COLS} FROM credits WHERE subscriber_id = $1 ORDER BY journal_seq DESC`, [subscriberId])).rows;
  }
}

export const HISTORY_COLS = `id, claim_id, journal_seq, contract_no, meter_no, programme_id, cycle, service, metering, fcfa, units_tenths,
  unit, token, issuer, channel, phone, issued_at`;

const entries = (q: Queryable) => paged<JournalEntry>(q, ENTRIES, 'seq');
const credits = (q: Queryable) => paged<StoredCredit>(q, STORED, 'journal_seq');
