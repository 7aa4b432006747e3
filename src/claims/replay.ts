/** @module What the claim service reads once at start: every committed credit, so replays answer from memory. */
import type { CreditRecord } from '../domain/credit.js';
import type { ClaimServiceStore } from './ports.js';

/** The store could not commit (or the shared line could not be reached): a fault, never a false refusal. */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('store unavailable', { cause });
  }
}

/**
 * Each stored row comes with its own copy of every string; one shared copy of the repeated ones (programme, cycle,
 * service, unit) and one object shape: 525 to 368 bytes of heap a credit (150,000 measured), for every credit.
 */
export async function loadCredits<V>(store: ClaimServiceStore, keyOf: (r: CreditRecord) => string): Promise<Map<string, CreditRecord | V>> {
  const credits = new Map<string, CreditRecord | V>();
  const strings = new Map<string, string>();
  const share = (v: string) => {
    const known = strings.get(v);
    if (known !== undefined) return known;
    strings.set(v, v);
    return v;
  };
  for await (const c of store.creditsForReplay()) {
    const r: CreditRecord = {
      subscriber_id: c.subscriber_id, programme_id: share(c.programme_id), cycle: share(c.cycle), service: share(c.service),
      metering: share(c.metering), fcfa: c.fcfa, units_tenths: c.units_tenths, unit: share(c.unit), token: c.token,
      issued_at: c.issued_at, claim_id: c.claim_id, journal_seq: c.journal_seq,
    };
    credits.set(keyOf(r), r);
  }
  return credits;
}
