/** @module PostgreSQL side of the claim path: one transaction per group commit, multi-row statements, one journal chain across nodes. */
import { claimId } from '../../domain/credit.js';
import { spendKey, type CommitOutcome, type CreditRecord, type NewCredit } from '../../domain/credit.js';
import type pg from 'pg';
import { appendEntries } from '../../journal/entry.js';
import { CommitRules } from '../../claims/commit-rules.js';
import { insertCreditSms } from './sms.js';
import { factsOf, recordOf } from '../credit-facts.js';
import type { ClaimsStore } from '../contract.js';
import { CREDIT_COLS, PgClaimReader } from './claim-reads.js';
import { isConnectionFault } from './pool.js';
import { transaction } from './tx.js';

/** Credit insert hit a row the reads under the head lock did not show: only if a writer skipped the lock. Retried whole. */
class UnforeseenConflict extends Error {}

/** Serialization failure and deadlock (a commit's last_tid update against an import touching the same rows). */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;

/**
 * Every statement of a commit touches a handful of rows by key in tables of up to a few hundred thousand. Planned
 * without statistics (a store filled minutes ago, before autovacuum has analysed it: the surge itself), PostgreSQL
 * picks scans of whole tables, 40 ms a commit at 400k credits and growing; these keep it on the indexes, whatever
 * the statistics say (hash joins stay allowed: they keep a batch's joins linear). SET LOCAL: this transaction only,
 * sent with BEGIN in one round trip.
 */
const BEGIN = 'BEGIN; SET LOCAL enable_seqscan = off';

const keyOf = (s: number, p: string, c: string) => `${s}\u0000${p}\u0000${c}`;

type Issued = { n: NewCredit; claim_id: string; seq: number };

export class PgClaimRepo extends PgClaimReader implements ClaimsStore {
  /** Commits run, and time spent waiting for the chain head (the price of one chain across nodes). */
  readonly stats = { commits: 0, headWaitMs: 0 };

  constructor(pool: pg.Pool) {
    super(pool);
  }

  /** Group commit: every claim of the batch in one transaction, one WAL flush; outcomes in batch order. */
  async commitCredits(batch: NewCredit[]): Promise<CommitOutcome[]> {
    if (batch.length === 0) return [];
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await transaction(this.pool, BEGIN, (c) => this.commitInTx(c, batch));
        this.stats.commits += 1;
        return out;
      } catch (e) {
        // A lost connection is not retried here: the caller answers 503, and the claim comes back.
        const retryable = e instanceof UnforeseenConflict || RETRYABLE.has((e as { code?: string }).code ?? '');
        if (attempt >= ATTEMPTS || isConnectionFault(e) || !retryable) throw e;
      }
    }
  }

  /**
   * Locks the one-row chain head until COMMIT. Every node's commits queue here, so the chain has one order and the
   * spend and code checks below see everything committed before. The cost: commits never overlap, across the
   * whole deployment; the lock is held through the WAL flush, so throughput is about batch size / commit time.
   * Group commit recovers it: the busier the nodes, the bigger each batch.
   */
  protected async lockHead(c: pg.PoolClient): Promise<{ seq: number; hash: string }> {
    const t0 = performance.now();
    const { rows } = await c.query<{ seq: number; hash: string }>('SELECT seq, hash FROM journal_head WHERE id = 1 FOR UPDATE');
    this.stats.headWaitMs += performance.now() - t0;
    return rows[0];
  }

  protected async setHead(c: pg.PoolClient, seq: number, hash: string): Promise<void> {
    await c.query('UPDATE journal_head SET seq = $1, hash = $2 WHERE id = 1', [seq, hash]);
  }

  private async commitInTx(c: pg.PoolClient, batch: NewCredit[]): Promise<CommitOutcome[]> {
    const head = await this.lockHead(c);
    const spent = await this.readSpend(c, batch);
    const known = await this.readExisting(c, batch);
    const freeCodes = await this.readFreeCodes(c, batch);
    const lastTids = await this.readLastTids(c, batch);
    const rules = new CommitRules({
      existing: (n) => known.get(keyOf(n.subscriber_id, n.programme_id, n.cycle)),
      spent: (p, cy) => spent.get(spendKey(p, cy)) ?? 0,
      codeFree: (id) => freeCodes.has(id),
      lastTid: (id) => lastTids.get(id),
    });

    const out: CommitOutcome[] = [];
    const issued: Issued[] = [];
    let seq = head.seq;
    for (const n of batch) {
      const r = rules.refusal(n);
      if (r !== null) {
        out.push(r);
        continue;
      }
      seq += 1;
      const credit: CreditRecord = recordOf(n, seq);
      rules.took(n, credit);
      issued.push({ n, claim_id: credit.claim_id, seq });
      out.push({ kind: 'issued', credit });
    }

    if (issued.length > 0) {
      const ids = await this.insertCredits(c, issued);
      await insertCreditSms(c, issued.flatMap((i) => i.n.sms.map((m) => ({ m, creditId: ids.get(i.seq)!, cycle: i.n.cycle, at: Date.parse(i.n.issued_at) }))));
      const entries = appendEntries(head, issued.map((i) => factsOf(i.n, i.claim_id)));
      await c.query(`INSERT INTO journal (seq, prev_hash, hash, body)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])`,
      [entries.map((e) => e.seq), entries.map((e) => e.prev_hash), entries.map((e) => e.hash), entries.map((e) => e.body)]);
      const coded = issued.filter((i) => i.n.code_id !== null);
      if (coded.length > 0) {
        const codeIds = coded.map((i) => i.n.code_id);
        await c.query(`UPDATE code_pool p SET credit_id = v.credit_id FROM unnest($1::bigint[], $2::bigint[]) AS v(code_id, credit_id)
          WHERE p.id = v.code_id AND p.id = ANY($1::bigint[])`, [codeIds, coded.map((i) => ids.get(i.seq))]);
      }
      const tids = rules.newTids();
      if (tids.size > 0) {
        // One row per subscriber (UPDATE ... FROM applies one source row per target). Never lowers a meter's TID.
        await c.query(`UPDATE subscribers s SET last_tid = greatest(coalesce(s.last_tid, 0), v.tid)
          FROM unnest($1::bigint[], $2::bigint[]) AS v(id, tid) WHERE s.id = v.id AND s.id = ANY($1::bigint[])`, [[...tids.keys()], [...tids.values()]]);
      }
      const last = entries[entries.length - 1];
      await this.setHead(c, last.seq, last.hash);
      const spends = rules.newSpends();
      await c.query(`INSERT INTO cycle_spend (programme_id, cycle, spent_fcfa) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
        ON CONFLICT (programme_id, cycle) DO UPDATE SET spent_fcfa = excluded.spent_fcfa`,
      [spends.map((x) => x.programme_id), spends.map((x) => x.cycle), spends.map((x) => x.fcfa)]);
    }
    return out;
  }

  /** Spend of every cycle in the batch, row-locked (the head lock already orders writers; this keeps it so if one ever skips it). */
  private async readSpend(c: pg.PoolClient, batch: NewCredit[]): Promise<Map<string, number>> {
    const keys = [...new Set(batch.map((n) => spendKey(n.programme_id, n.cycle)))].map((k) => k.split('\u0000'));
    const { rows } = await c.query<{ programme_id: string; cycle: string; spent_fcfa: number }>(
      `SELECT programme_id, cycle, spent_fcfa FROM cycle_spend
       WHERE (programme_id, cycle) IN (SELECT * FROM unnest($1::text[], $2::text[])) FOR UPDATE`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])]);
    return new Map(rows.map((r) => [spendKey(r.programme_id, r.cycle), r.spent_fcfa]));
  }

  /**
   * Credits already committed (by any node) for the batch's keys: their holders get `duplicate` with that credit.
   * By subscriber id only, then matched here: `= ANY` is an index scan whatever the statistics say, where a join
   * against unnest() was planned as a scan of the whole credits table on a store never analyzed.
   */
  private async readExisting(c: pg.PoolClient, batch: NewCredit[]): Promise<Map<string, CreditRecord>> {
    const wanted = new Set(batch.map((n) => keyOf(n.subscriber_id, n.programme_id, n.cycle)));
    const { rows } = await c.query<CreditRecord>(`SELECT ${CREDIT_COLS} FROM credits c WHERE c.subscriber_id = ANY($1::bigint[])`,
      [[...new Set(batch.map((n) => n.subscriber_id))]]);
    const out = new Map<string, CreditRecord>();
    for (const r of rows) {
      const k = keyOf(r.subscriber_id, r.programme_id, r.cycle);
      if (wanted.has(k)) out.set(k, r);
    }
    return out;
  }

  /** Last STS token id of each meter in the batch that gets one, as committed by any node (the head lock orders us). */
  private async readLastTids(c: pg.PoolClient, batch: NewCredit[]): Promise<Map<number, number>> {
    const ids = [...new Set(batch.flatMap((n) => (n.tid === null ? [] : [n.subscriber_id])))];
    if (ids.length === 0) return new Map();
    const { rows } = await c.query<{ id: number; last_tid: number }>(
      'SELECT id, last_tid FROM subscribers WHERE id = ANY($1::bigint[]) AND last_tid IS NOT NULL', [ids]);
    return new Map(rows.map((r) => [Number(r.id), Number(r.last_tid)]));
  }

  private async readFreeCodes(c: pg.PoolClient, batch: NewCredit[]): Promise<Set<number>> {
    const codeIds = batch.flatMap((n) => (n.code_id === null ? [] : [n.code_id]));
    if (codeIds.length === 0) return new Set();
    const { rows } = await c.query<{ id: number }>(
      'SELECT id FROM code_pool WHERE id = ANY($1::bigint[]) AND credit_id IS NULL FOR UPDATE', [codeIds]);
    return new Set(rows.map((r) => r.id));
  }

  /** One statement for the whole batch; the unique key stays the last word on exactly-once. Returns journal_seq -> credit id. */
  private async insertCredits(c: pg.PoolClient, issued: Issued[]): Promise<Map<number, number>> {
    const col = <K extends keyof NewCredit>(k: K) => issued.map((i) => i.n[k]);
    const { rows } = await c.query<{ id: number; journal_seq: number }>(`INSERT INTO credits (claim_id, subscriber_id, contract_no,
      meter_no, programme_id, cycle, service, metering, fcfa, units_tenths, unit, token, issuer, channel, phone, issued_at, journal_seq,
      grievance_ticket, grievance_approver)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
        $9::int[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::text[], $19::text[])
      ON CONFLICT (subscriber_id, programme_id, cycle) DO NOTHING
      RETURNING id, journal_seq`,
    [issued.map((i) => i.claim_id), col('subscriber_id'), col('contract_no'), col('meter_no'), col('programme_id'), col('cycle'),
      col('service'), col('metering'), col('fcfa'), col('units_tenths'), col('unit'), col('token'), col('issuer'), col('channel'),
      col('phone'), col('issued_at'), issued.map((i) => i.seq), issued.map((i) => i.n.grievance_ticket ?? null),
      issued.map((i) => i.n.grievance_approver ?? null)]);
    // A row that did not go in would leave a hole in the seqs and the chain: undo the whole batch and decide again.
    if (rows.length !== issued.length) throw new UnforeseenConflict(`${issued.length - rows.length} credit(s) committed meanwhile by a writer without the head lock`);
    return new Map(rows.map((r) => [r.journal_seq, r.id]));
  }
}
