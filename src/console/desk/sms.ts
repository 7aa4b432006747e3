/**
 * @module What the desk asks of the SMS outbox: a subscriber's messages and their states, counts by state for the
 * dashboard, and a credit's notice sent again. A port: the node passes `outboxSmsHistory(...)` over the store's outbox;
 * a node without an SMSC (no GUICHET_SMPP_URL, not in demo mode) passes `SMS_NOT_WIRED_YET`, and every screen says
 * the SMS side is not connected.
 */
import type { HistoryCredit } from '../../domain/credit.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';

/** A message as the desk shows it (the outbox's row, as its store contract returns it). */
export interface SmsRecord {
  id: number;
  credit_id: number | null;
  kind: string;
  phone: string;
  text: string;
  state: string;
  attempts: number;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

export type ResendResult = { ok: true; id: number } | { ok: false; reason: 'not_wired' | 'no_phone' | 'no_text' };

export interface SmsHistory {
  /** False while the outbox is not connected: pages say so rather than show an empty, reassuring list. */
  readonly wired: boolean;
  forSubscriber(q: { phone: string | null; creditIds: readonly number[] }): Promise<SmsRecord[]>;
  /** Messages by state (queued, sending, sent, delivered, failed), or null when not wired. */
  counts(): Promise<Record<string, number> | null>;
  /** The credit's notice again, to the phone on file: never to a number the agent types (a diverted code is the fraud to stop). */
  resend(r: { credit: HistoryCredit; subscriber: StoredSubscriber }): Promise<ResendResult>;
}

/** No SMSC on this node: no SMS is sent, and the console says so. Nothing is pretended. */
export const SMS_NOT_WIRED_YET: SmsHistory = {
  wired: false,
  forSubscriber: async () => [],
  counts: async () => null,
  resend: async () => ({ ok: false, reason: 'not_wired' }),
};

/** The outbox's store as the adapter needs it (the shape of `SmsOutboxStore`: history, counts, enqueue). */
export interface OutboxLike {
  history(q: { phone?: string; creditIds?: readonly number[] }, limit: number): Promise<SmsRecord[]>;
  counts(cycle?: string): Promise<Record<string, number>>;
  enqueue(messages: readonly { to: string; text: string; kind: 'credit' }[]): Promise<number[]>;
}

/**
 * The port over the real outbox: `notice` words a credit's SMS (the SMS channel's text for a credit sent again), or
 * null when there is nothing to send (a credit with no text, say). Messages of the credits and of the phone on file.
 */
export function outboxSmsHistory(o: { outbox: OutboxLike; notice: (credit: HistoryCredit, sub: StoredSubscriber) => string | null }): SmsHistory {
  return {
    wired: true,
    async forSubscriber(q) {
      const [byCredit, byPhone] = await Promise.all([
        q.creditIds.length ? o.outbox.history({ creditIds: q.creditIds }, 50) : Promise.resolve([]),
        q.phone ? o.outbox.history({ phone: q.phone }, 50) : Promise.resolve([]),
      ]);
      const seen = new Map<number, SmsRecord>();
      for (const m of [...byCredit, ...byPhone]) seen.set(m.id, m);
      return [...seen.values()].sort((a, b) => b.id - a.id);
    },
    counts: () => o.outbox.counts(),
    async resend({ credit, subscriber }) {
      if (!subscriber.phone) return { ok: false, reason: 'no_phone' };
      const text = o.notice(credit, subscriber);
      if (text === null) return { ok: false, reason: 'no_text' };
      const [id] = await o.outbox.enqueue([{ to: subscriber.phone, text, kind: 'credit' }]);
      return { ok: true, id };
    },
  };
}
