/** @module Small helpers for the store contract cases: collect async iterables, build credits, verify a store's journal. */
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type { NewCredit } from '../../domain/credit.js';
import { verifyJournal, type VerifyResult } from '../../journal/verify.js';
import type { Store } from '../contract.js';
import { subscriber } from '../../test-support/fixtures.js';
import type { Subscriber } from '../../domain/subscriber.js';

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Stores `n` subscribers (every third one prepaid) and returns them as stored, in id order. */
export async function seedSubscribers(store: Store, n: number, over: (i: number) => Partial<Subscriber> = () => ({})): Promise<StoredSubscriber[]> {
  const rows = Array.from({ length: n }, (_, i) => subscriber(i + 1, { metering: i % 3 === 0 ? 'prepaid' : 'postpaid', ...over(i + 1) }));
  const r = await store.subscribers.upsertBatch(rows);
  if (r.rejected.length) throw new Error(`seed rows rejected: ${JSON.stringify(r.rejected)}`);
  return collect(store.subscribers.iterateAll());
}

/** A credit as the claim service would hand it to the store. */
export function newCredit(s: StoredSubscriber, over: Partial<NewCredit> = {}): NewCredit {
  const prepaid = s.metering === 'prepaid';
  return {
    subscriber_id: s.id, contract_no: s.contract_no, meter_no: s.meter_no, programme_id: 'gratuite-2020', cycle: 'phase-1',
    service: s.service, metering: s.metering, fcfa: 20_000, units_tenths: 1_600, unit: s.service === 'water' ? 'm3' : 'kWh',
    token: prepaid ? `${String(s.id).padStart(20, '7')}` : null, issuer: prepaid ? 'sts' : 'account', channel: 'web', phone: null,
    issued_at: '2020-04-01T08:00:00.000Z', tid: null, code_id: null, budget_fcfa: null, sms: [], ...over,
  };
}

/** Journal and credits from one snapshot, through the same pure check `guichet journal verify` runs. */
export async function verifyStore(store: Store): Promise<VerifyResult> {
  return store.claims.readJournal(async (v) => verifyJournal(await collect(v.entries()), await collect(v.credits())));
}

/** Sum of the FCFA of every stored credit, and how many there are. */
export async function creditTotals(store: Store): Promise<{ count: number; fcfa: number }> {
  let count = 0;
  let fcfa = 0;
  for await (const c of store.claims.creditsForReplay()) {
    count += 1;
    fcfa += c.fcfa;
  }
  return { count, fcfa };
}
