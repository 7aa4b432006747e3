/** @module What the pages show of a claim's outcome: the credit with the account it went to, or the refusal and what comes next. */
import type { CreditRecord } from '../../domain/credit.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type { NextCycle, RefusalReason } from '../../claims/outcome.js';

export interface Issued {
  claim_id: string;
  cycle: string;
  service: string;
  metering: string;
  credit: { fcfa: number; units: number; unit: string };
  token: string | null;
  replayed: boolean;
  issued_at: string;
  /** The account credited: a household with both water and electricity must tell which. */
  contract_no: string | null;
  meter_no: string | null;
}

export function issuedView(c: CreditRecord, sub: StoredSubscriber | null, replayed: boolean): Issued {
  return {
    claim_id: c.claim_id, cycle: c.cycle, service: c.service, metering: c.metering,
    credit: { fcfa: c.fcfa, units: c.units_tenths / 10, unit: c.unit }, token: c.token, replayed, issued_at: c.issued_at,
    contract_no: sub?.contract_no ?? null, meter_no: sub?.meter_no ?? null,
  };
}

export interface Refused {
  reason: RefusalReason;
  message: string;
  message_en: string;
  /** The next cycle, and whether its rules would retain this subscriber: come back only if so. */
  next: NextCycle | null;
}
