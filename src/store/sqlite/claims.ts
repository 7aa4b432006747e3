/** @module SQLite side of the claim path: one IMMEDIATE transaction per group commit, credits and journal together. */
import { claimId, spendKey, type CommitOutcome, type CreditRecord, type NewCredit, type StoredCredit } from '../../domain/credit.js';
import { CommitRules, type Refusal } from '../../claims/commit-rules.js';
import { chainHash, entryBody, GENESIS_HASH, type JournalEntry } from '../../journal/entry.js';
import { factsOf, recordOf } from '../credit-facts.js';
import type { SqliteDb } from './open.js';
import { SqliteSmsRepo } from './sms.js';

/**
 * A commit's outcomes as numbers, one per credit of the batch: its journal seq when issued (the claim id and the
 * record follow from it and the credit sent), or one of the negative codes below; a duplicate's stored record
 * (rare: another process committed first) comes beside, by index.
 */
export interface CompactOutcomes {
  codes: Float64Array;
  duplicates: Record<number, CreditRecord>;
  /** For a credit refused because its meter already has this STS token id or a later one: that last one. */
  lastTids: Record<number, number>;
}

const BUDGET_EXHAUSTED = -1;
const CODE_TAKEN = -2;
const DUPLICATE = -3;
const TID_TAKEN = -4;
const REFUSED: Record<Refusal['kind'], number> = { budget_exhausted: BUDGET_EXHAUSTED, code_taken: CODE_TAKEN, duplicate: DUPLICATE, tid_taken: TID_TAKEN };

/** Back to one outcome object per credit, on the side that holds the batch. */
export function outcomesOf(batch: NewCredit[], { codes, duplicates, lastTids }: CompactOutcomes): CommitOutcome[] {
  const out: CommitOutcome[] = new Array(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const c = codes[i];
    if (c > 0) out[i] = { kind: 'issued', credit: recordOf(batch[i], c) };
    else if (c === DUPLICATE) out[i] = { kind: 'duplicate', credit: duplicates[i] };
    else if (c === TID_TAKEN) out[i] = { kind: 'tid_taken', last_tid: lastTids[i] };
    else out[i] = { kind: c === BUDGET_EXHAUSTED ? 'budget_exhausted' : 'code_taken' };
  }
  return out;
}

const CREDIT_COLS = `c.claim_id, c.subscriber_id, c.programme_id, c.cycle, c.service, c.metering, c.fcfa, c.units_tenths,
  c.unit, c.token, c.issued_at, c.journal_seq`;


const NOTHING_ELSE = (): undefined => undefined;

export class SqliteClaimRepo {
  private readonly head;
  private readonly insertCredit;
  private readonly insertEntry;
  private readonly findCredit;
  private readonly readSpend;
  private readonly writeSpend;
  private readonly setTid;
  private readonly lastTid;
  private readonly codeFree;
  private readonly takeCode;
  private readonly commitTx;
  private readonly sms: SqliteSmsRepo;

  constructor(private readonly db: SqliteDb) {
    this.sms = new SqliteSmsRepo(db);
    this.head = db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
    this.insertCredit = db.prepare(`INSERT INTO credits (claim_id, subscriber_id, contract_no, meter_no, programme_id, cycle, service, metering,
      fcfa, units_tenths, unit, token, issuer, channel, phone, issued_at, journal_seq, grievance_ticket, grievance_approver)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (subscriber_id, programme_id, cycle) DO NOTHING`);
    this.insertEntry = db.prepare('INSERT INTO journal (seq, prev_hash, hash, body) VALUES (?, ?, ?, ?)');
    this.findCredit = db.prepare(`SELECT ${CREDIT_COLS} FROM credits c WHERE subscriber_id = ? AND programme_id = ? AND cycle = ?`);
    this.readSpend = db.prepare('SELECT spent_fcfa FROM cycle_spend WHERE programme_id = ? AND cycle = ?').pluck();
    this.writeSpend = db.prepare(`INSERT INTO cycle_spend (programme_id, cycle, spent_fcfa) VALUES (?, ?, ?)
      ON CONFLICT (programme_id, cycle) DO UPDATE SET spent_fcfa = excluded.spent_fcfa`);
    this.setTid = db.prepare('UPDATE subscribers SET last_tid = ? WHERE id = ?');
    this.lastTid = db.prepare('SELECT last_tid FROM subscribers WHERE id = ?').pluck();
    this.codeFree = db.prepare('SELECT credit_id IS NULL FROM code_pool WHERE id = ?').pluck();
    this.takeCode = db.prepare('UPDATE code_pool SET credit_id = ? WHERE id = ?');
    this.commitTx = db.transaction((batch: NewCredit[], also: () => unknown) => ({ outcomes: this.commitInTx(batch), also: also() }));
  }

  /** Group commit: every claim that arrived in the same tick shares this transaction and its one fsync. */
  commitCredits(batch: NewCredit[]): CommitOutcome[] {
    return outcomesOf(batch, this.commitCompact(batch));
  }

  /** The same commit, its outcomes as numbers (what the writer thread sends back: no object per credit to copy). */
  commitCompact(batch: NewCredit[]): CompactOutcomes {
    return this.commitCompactWith(batch, NOTHING_ELSE).outcomes;
  }

  /** The same, with other writes after the credits in the same transaction (the writer thread's outbox operations). */
  commitCompactWith<T>(batch: NewCredit[], also: () => T): { outcomes: CompactOutcomes; also: T } {
    return this.commitTx.immediate(batch, also) as { outcomes: CompactOutcomes; also: T };
  }

  private commitInTx(batch: NewCredit[]): CompactOutcomes {
    // The head is read inside the IMMEDIATE transaction, so another writer on the same file cannot fork the chain.
    const h = this.head.get() as { seq: number; hash: string } | undefined;
    let seq = h?.seq ?? 0;
    let prev = h?.hash ?? GENESIS_HASH;
    const rules = new CommitRules({
      existing: (n) => this.findCredit.get(n.subscriber_id, n.programme_id, n.cycle) as CreditRecord | undefined,
      spent: (p, c) => (this.readSpend.get(p, c) as number | undefined) ?? 0,
      codeFree: (id) => this.codeFree.get(id) === 1,
      lastTid: (id) => (this.lastTid.get(id) as number | null | undefined) ?? undefined,
    });
    const codes = new Float64Array(batch.length);
    this.sms.spool.begin();
    const duplicates: Record<number, CreditRecord> = {};
    const lastTids: Record<number, number> = {};
    for (let i = 0; i < batch.length; i++) {
      const n = batch[i];
      const r = rules.refusal(n);
      if (r !== null) {
        codes[i] = REFUSED[r.kind];
        if (r.kind === 'duplicate') duplicates[i] = r.credit;
        else if (r.kind === 'tid_taken') lastTids[i] = r.last_tid;
        continue;
      }
      const next = seq + 1;
      const claim_id = claimId(next);
      // Positional parameters: named ones cost a property look-up per column per row on this hot loop.
      const ins = this.insertCredit.run(claim_id, n.subscriber_id, n.contract_no, n.meter_no, n.programme_id, n.cycle,
        n.service, n.metering, n.fcfa, n.units_tenths, n.unit, n.token, n.issuer, n.channel, n.phone, n.issued_at, next,
        n.grievance_ticket ?? null, n.grievance_approver ?? null);
      // The unique key stays the last word on exactly-once: a row the rules did not see undoes the whole batch.
      if (ins.changes === 0) throw new Error(`credit for subscriber ${n.subscriber_id}, ${n.cycle} committed by a writer outside the transaction`);
      if (n.code_id !== null) this.takeCode.run(ins.lastInsertRowid, n.code_id);
      if (n.sms.length) this.sms.spool.add(ins.lastInsertRowid, n.cycle, n.sms, n.issued_at);
      const body = entryBody(next, factsOf(n, claim_id));
      const hash = chainHash(prev, body);
      this.insertEntry.run(next, prev, hash, body);
      seq = next;
      prev = hash;
      rules.took(n, recordOf(n, next));
      codes[i] = next;
    }
    for (const s of rules.newSpends()) this.writeSpend.run(s.programme_id, s.cycle, s.fcfa);
    for (const [id, tid] of rules.newTids()) this.setTid.run(tid, id);
    // The batch's notices, one spool row (sms-spool.ts): in this transaction, so a crash after the commit loses none.
    this.sms.spool.commit();
    return { codes, duplicates, lastTids };
  }

  creditsForReplay(): Iterable<CreditRecord> {
    return this.db.prepare(`SELECT ${CREDIT_COLS} FROM credits c`).iterate() as Iterable<CreditRecord>;
  }

  spendByCycle(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.db.prepare('SELECT programme_id, cycle, spent_fcfa FROM cycle_spend').all() as
      { programme_id: string; cycle: string; spent_fcfa: number }[]) m.set(spendKey(r.programme_id, r.cycle), r.spent_fcfa);
    return m;
  }

  /** Paged by key rather than iterated: verification walks entries and credits side by side on one connection. */
  journalEntries(): Iterable<JournalEntry> {
    return paged(this.db.prepare('SELECT seq, prev_hash, hash, body FROM journal WHERE seq > ? ORDER BY seq LIMIT 2000'),
      (r: JournalEntry) => r.seq);
  }

  storedCredits(): Iterable<StoredCredit> {
    return paged(this.db.prepare(`SELECT claim_id, journal_seq, contract_no, meter_no, programme_id, cycle, service, metering,
      fcfa, units_tenths, unit, token, issuer, channel, issued_at, grievance_ticket, grievance_approver FROM credits WHERE journal_seq > ?
      ORDER BY journal_seq LIMIT 2000`),
      (r: StoredCredit) => r.journal_seq);
  }
}

function* paged<T>(stmt: { all: (after: number) => unknown[] }, keyOf: (r: T) => number): Generator<T> {
  let after = -1;
  for (;;) {
    const rows = stmt.all(after) as T[];
    if (rows.length === 0) return;
    yield* rows;
    after = keyOf(rows[rows.length - 1]);
  }
}
