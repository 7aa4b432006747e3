/** @module What a new credit becomes once committed, the same for every store engine: its claim id, journal facts and record. */
import { tokenHash, type JournalFacts } from '../journal/entry.js';
import type { CreditRecord, NewCredit } from './types.js';

/** The claim reference a subscriber sees, derived from the credit's place in the journal. */
export function claimId(seq: number): string {
  return `G-${String(seq).padStart(8, '0')}`;
}

export function factsOf(n: NewCredit, claim_id: string): JournalFacts {
  return {
    claim_id, contract_no: n.contract_no, meter_no: n.meter_no, programme_id: n.programme_id, cycle: n.cycle,
    service: n.service, metering: n.metering, fcfa: n.fcfa, units_tenths: n.units_tenths, unit: n.unit,
    token_sha256: tokenHash(n.token), issuer: n.issuer, channel: n.channel, issued_at: n.issued_at,
  };
}

export function recordOf(n: NewCredit): Omit<CreditRecord, 'claim_id' | 'journal_seq'> {
  return {
    subscriber_id: n.subscriber_id, programme_id: n.programme_id, cycle: n.cycle, service: n.service,
    metering: n.metering, fcfa: n.fcfa, units_tenths: n.units_tenths, unit: n.unit, token: n.token, issued_at: n.issued_at,
  };
}
