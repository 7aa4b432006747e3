/** @module What a new credit becomes once committed, the same for every store engine: its claim id, journal facts and record. */
import { claimId, type JournalFacts, type CreditRecord, type NewCredit } from '../domain/credit.js';
import { tokenHash } from '../journal/entry.js';

export function factsOf(n: NewCredit, claim_id: string): JournalFacts {
  return {
    claim_id, contract_no: n.contract_no, meter_no: n.meter_no, programme_id: n.programme_id, cycle: n.cycle,
    service: n.service, metering: n.metering, fcfa: n.fcfa, units_tenths: n.units_tenths, unit: n.unit,
    token_sha256: tokenHash(n.token), issuer: n.issuer, channel: n.channel, issued_at: n.issued_at,
    grievance_ticket: n.grievance_ticket ?? null, grievance_approver: n.grievance_approver ?? null,
  };
}

/**
 * The record a committed credit is replayed from, kept in memory for every credit of the node. One object literal:
 * built as `{ ...fields, claim_id, journal_seq }` it came out in V8's dictionary mode, 776 bytes a credit against
 * 369 (measured with 150,000), 160 MB more for the whole 2020 population.
 */
export function recordOf(n: NewCredit, seq: number): CreditRecord {
  return {
    subscriber_id: n.subscriber_id, programme_id: n.programme_id, cycle: n.cycle, service: n.service,
    metering: n.metering, fcfa: n.fcfa, units_tenths: n.units_tenths, unit: n.unit, token: n.token, issued_at: n.issued_at,
    claim_id: claimId(seq), journal_seq: seq,
  };
}
