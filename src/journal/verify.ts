/** @module Journal verification: walks the chain and matches every stored credit against its entry (pure over iterables). */
import { GENESIS_HASH, chainHash, parseFacts, tokenHash, type JournalEntry } from './entry.js';

/** A credit as stored, with the fields the journal vouches for. */
export interface StoredCredit {
  claim_id: string;
  journal_seq: number;
  contract_no: string;
  meter_no: string;
  programme_id: string;
  cycle: string;
  service: string;
  metering: string;
  fcfa: number;
  units_tenths: number;
  unit: string;
  token: string | null;
  issuer: string;
  channel: string;
  issued_at: string;
}

export type VerifyResult =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; head: string; seq: number | null; claim_id?: string; problem: string };

/**
 * Both inputs must come in journal order (credits by journal_seq), so the check is one merge pass in constant
 * memory. A deleted entry shows as a gap or a broken link; an edited one as a hash mismatch; a reordered or
 * inserted one as a broken link; then each entry must have its credit and each credit must say what its entry says.
 */
export function verifyJournal(entries: Iterable<JournalEntry>, credits: Iterable<StoredCredit>): VerifyResult {
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let count = 0;
  const fail = (seq: number | null, problem: string, claim_id?: string): VerifyResult =>
    ({ ok: false, entries: count, head: prev, seq, problem, ...(claim_id ? { claim_id } : {}) });
  const cit = credits[Symbol.iterator]();
  let c = cit.next();

  for (const e of entries) {
    if (e.seq !== expectSeq) return fail(expectSeq, `entry ${expectSeq} is missing (next entry found is ${e.seq})`);
    if (e.prev_hash !== prev) return fail(e.seq, `entry ${e.seq} does not link to the entry before it (deleted, inserted or reordered)`);
    if (chainHash(e.prev_hash, e.body) !== e.hash) return fail(e.seq, `entry ${e.seq} was altered: its hash does not match its content`);
    const f = parseFacts(e.body);
    if (!f || f.seq !== e.seq) return fail(e.seq, `entry ${e.seq} has an unreadable body`);
    if (!c.done && c.value.journal_seq < e.seq) {
      return fail(c.value.journal_seq, `credit ${c.value.claim_id} has no journal entry`, c.value.claim_id);
    }
    if (c.done || c.value.journal_seq > e.seq) {
      return fail(e.seq, `journal entry ${e.seq} (${f.claim_id}) has no stored credit: the credit was deleted`, f.claim_id);
    }
    const cr = c.value;
    const same =
      f.claim_id === cr.claim_id && f.contract_no === cr.contract_no && f.meter_no === cr.meter_no &&
      f.programme_id === cr.programme_id && f.cycle === cr.cycle && f.service === cr.service &&
      f.metering === cr.metering && f.fcfa === cr.fcfa && f.units_tenths === cr.units_tenths && f.unit === cr.unit &&
      f.token_sha256 === tokenHash(cr.token) && f.issuer === cr.issuer && f.channel === cr.channel &&
      f.issued_at === cr.issued_at;
    if (!same) return fail(e.seq, `credit ${cr.claim_id} differs from its journal entry ${e.seq}`, cr.claim_id);
    prev = e.hash;
    expectSeq += 1;
    count += 1;
    c = cit.next();
  }
  if (!c.done) return fail(c.value.journal_seq, `credit ${c.value.claim_id} has no journal entry`, c.value.claim_id);
  return { ok: true, entries: count, head: prev };
}
