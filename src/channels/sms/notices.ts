/** @module Which phones a credit's notice goes to: the phone on file, always; the phone that asked too when it is another. */
import type { Channel, NewCredit } from '../../domain/credit.js';
import type { Programme } from '../../domain/programme.js';
import type { OutboxMessage } from '../../domain/sms.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { creditNotice } from './texts.js';

export interface NoticeOptions {
  programme: () => Programme;
  /** The sender's name at the head of each message (GUICHET_SMS_SENDER when it is a name), or null. */
  signature: string | null;
}

/**
 * Someone asking by SMS or USSD is answered on the phone they asked from (as a page answers the browser). A phone
 * typed with a web or API claim that is not the one on file gets the notice only when the programme does not ask for
 * it to be proven first (`verify_new_phones`): then it waits for its one-time code (otp.ts).
 */
export function creditNotices(o: NoticeOptions): (credit: NewCredit, sub: StoredSubscriber, asked: { channel: Channel; phone: string | null }) => OutboxMessage[] {
  return (credit, sub, asked) => {
    const p = o.programme();
    const text = creditNotice(credit, sub, p, o.signature);
    const to: string[] = sub.phone ? [sub.phone] : [];
    if (asked.phone !== null && asked.phone !== sub.phone) {
      const answer = asked.channel === 'sms' || asked.channel === 'ussd';
      if (answer || !p.options?.verify_new_phones) to.push(asked.phone);
    }
    return to.map((phone) => ({ to: phone, text, kind: 'credit' as const }));
  };
}
