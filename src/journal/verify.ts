/** @module Journal verification: walks the chain and matches every stored credit against its entry (pure over iterables). */
import type { StoredCredit } from '../domain/credit.js';
import { GENESIS_HASH, chainHash, parseFacts, tokenHash, type JournalEntry } from './entry.js';

export type VerifyResult =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; head: string; seq: number | null; claim_id?: string; problem: string };

/**
 * The merge pass shared by the sync and async walks: one entry at a time against the credit cursor, so both
 * walks apply the same checks in the same order and say the same thing.
 */
class ChainCheck {
  prev = GENESIS_HASH;
  expectSeq = 1;
  count = 0;

  fail(seq: number | null, problem: string, claim_id?: string): VerifyResult {
    return { ok: false, entries: this.count, head: this.prev, seq, problem, ...(claim_id ? { claim_id } : {}) };
  }

  /** Checks entry `e` against credit `c` (the next one not yet matched); a result means stop, undefined means advance both. */
  entry(e: JournalEntry, c: IteratorResult<StoredCredit>): VerifyResult | undefined {
    if (e.seq !== this.expectSeq) return this.fail(this.expectSeq, `entry ${this.expectSeq} is missing (next entry found is ${e.seq})`);
    if (e.prev_hash !== this.prev) return this.fail(e.seq, `entry ${e.seq} does not link to the entry before it (deleted, inserted or reordered)`);
    if (chainHash(e.prev_hash, e.body) !== e.hash) return this.fail(e.seq, `entry ${e.seq} was altered: its hash does not match its content`);
    const f = parseFacts(e.body);
    if (!f || f.seq !== e.seq) return this.fail(e.seq, `entry ${e.seq} has an unreadable body`);
    if (!c.done && c.value.journal_seq < e.seq) {
      return this.fail(c.value.journal_seq, `credit ${c.value.claim_id} has no journal entry`, c.value.claim_id);
    }
    if (c.done || c.value.journal_seq > e.seq) {
      return this.fail(e.seq, `journal entry ${e.seq} (${f.claim_id}) has no stored credit: the credit was deleted`, f.claim_id);
    }
    const cr = c.value;
    const same =
      f.claim_id === cr.claim_id && f.contract_no === cr.contract_no && f.meter_no === cr.meter_no &&
      f.programme_id === cr.programme_id && f.cycle === cr.cycle && f.service === cr.service &&
      f.metering === cr.metering && f.fcfa === cr.fcfa && f.units_tenths === cr.units_tenths && f.unit === cr.unit &&
      f.token_sha256 === tokenHash(cr.token) && f.issuer === cr.issuer && f.channel === cr.channel &&
      f.issued_at === cr.issued_at &&
      (f.grievance_ticket ?? null) === (cr.grievance_ticket ?? null) && (f.grievance_approver ?? null) === (cr.grievance_approver ?? null);
    if (!same) return this.fail(e.seq, `credit ${cr.claim_id} differs from its journal entry ${e.seq}`, cr.claim_id);
    this.prev = e.hash;
    this.expectSeq += 1;
    this.count += 1;
    return undefined;
  }

  /** After the last entry: a credit left over has no entry. */
  end(c: IteratorResult<StoredCredit>): VerifyResult {
    if (!c.done) return this.fail(c.value.journal_seq, `credit ${c.value.claim_id} has no journal entry`, c.value.claim_id);
    return { ok: true, entries: this.count, head: this.prev };
  }
}

/**
 * Both inputs must come in journal order (credits by journal_seq), so the check is one merge pass in constant
 * memory. A deleted entry shows as a gap or a broken link; an edited one as a hash mismatch; a reordered or
 * inserted one as a broken link; then each entry must have its credit and each credit must say what its entry says.
 */
export function verifyJournal(entries: Iterable<JournalEntry>, credits: Iterable<StoredCredit>): VerifyResult {
  const check = new ChainCheck();
  const cit = credits[Symbol.iterator]();
  let c = cit.next();
  for (const e of entries) {
    const bad = check.entry(e, c);
    if (bad) return bad;
    c = cit.next();
  }
  return check.end(c);
}

/**
 * The same pass over a store's async reads (SQLite or PostgreSQL, page by page): constant memory however long the
 * journal. Stopping early returns both iterators, so a paged read is not left half-consumed.
 */
export async function verifyJournalAsync(entries: AsyncIterable<JournalEntry>, credits: AsyncIterable<StoredCredit>): Promise<VerifyResult> {
  const check = new ChainCheck();
  const cit = credits[Symbol.asyncIterator]();
  try {
    let c = await cit.next();
    for await (const e of entries) {
      const bad = check.entry(e, c);
      if (bad) return bad;
      c = await cit.next();
    }
    return check.end(c);
  } finally {
    await cit.return?.();
  }
}
