/** @module A subscriber's whole story for the desk: who they are, what each cycle decides for them, their credits, SMS and notes. */
import type { HistoryCredit } from '../../domain/credit.js';
import type { Cycle } from '../../domain/programme.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type { ProgrammeView } from '../../claims/ports.js';
import type { Store } from '../../store/contract.js';
import type { Note } from '../../store/console-contract.js';
import type { SmsHistory, SmsRecord } from './sms.js';

export interface CycleStanding {
  cycle: Cycle;
  retained: boolean;
  /** The reason code and the sentence a refusal would carry; null when retained. */
  reason: string | null;
  message: { fr: string; en: string } | null;
  /** What a claim would give, when retained. */
  fcfa: number | null;
  /** Already issued in this cycle (of the programme in force). */
  credit: HistoryCredit | null;
  /** A cycle not open yet: whether its rules would retain this subscriber once it opens (null otherwise). */
  laterRetained: boolean | null;
}

export interface SubscriberHistory {
  subscriber: StoredSubscriber;
  programme: { id: string; name: string };
  standings: CycleStanding[];
  credits: HistoryCredit[];
  sms: { wired: boolean; messages: SmsRecord[] };
  notes: Note[];
}

export const NOTES_SHOWN = 50;

export async function subscriberHistory(d: { store: Store; programme: () => ProgrammeView; sms: SmsHistory }, id: number): Promise<SubscriberHistory | null> {
  const subscriber = await d.store.subscribers.byId(id);
  if (!subscriber) return null;
  const view = d.programme();
  const [credits, notes] = await Promise.all([d.store.claims.creditsOf(id), d.store.console.notes.forSubscriber(id, NOTES_SHOWN)]);
  const messages = await d.sms.forSubscriber({ phone: subscriber.phone, creditIds: credits.map((c) => c.id) });
  const standings = view.cycles.map((cycle): CycleStanding => {
    const decision = view.decide(cycle.id, subscriber);
    const credit = credits.find((c) => c.programme_id === view.id && c.cycle === cycle.id) ?? null;
    // A cycle not open yet: the desk tells "retained, opens on ..." apart from "not retained" (the same rule as a refusal's `next`).
    const next = cycle.state === 'scheduled' ? view.nextFor(cycle.id, subscriber) : null;
    const laterRetained = next && next.cycle.id === cycle.id ? next.eligible : null;
    return decision.retained
      ? { cycle, retained: true, reason: null, message: null, fcfa: decision.credit.fcfa, credit, laterRetained }
      : { cycle, retained: false, reason: decision.reason, message: decision.message, fcfa: null, credit, laterRetained };
  });
  return { subscriber, programme: { id: view.id, name: view.programme.name }, standings, credits, sms: { wired: d.sms.wired, messages }, notes };
}
