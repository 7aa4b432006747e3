/**
 * @module Messages sent to Guichet's number: `GRATUIT <numéro>` is a claim from that phone, `CODE <numéro>` sends the
 * code again, anything else gets the help text; every answer by SMS. Limited per phone: each answer costs an SMS.
 */
import type { ClaimService } from '../../claims/claim-service.js';
import type { Programme } from '../../domain/programme.js';
import type { OutboxMessage } from '../../domain/sms.js';
import { normalisePhone } from '../../registry/phone.js';
import type { SmsOutboxStore } from '../../store/sms-contract.js';
import type { FollowUps } from './follow-up.js';
import { PhoneLimiter } from './limiter.js';
import { smsAnswer } from './answers.js';
import { HELP_TEXT, NOTHING_YET_TEXT, reasonNotice, replayNotice, SENT_TO_FILE_TEXT } from './texts.js';

export interface InboundDeps {
  claims: ClaimService;
  outbox: Pick<SmsOutboxStore, 'enqueue'>;
  programme: () => Programme;
  signature: string | null;
  followUps: FollowUps;
  limiter?: PhoneLimiter;
}

export type Keyword = 'claim' | 'code' | 'help';

/** `gratuit  374 4647 9240`, `Gratuit: MJL-88211178`: any case, extra spaces, a colon after the word. */
export function parseInbound(text: string): { keyword: Keyword; number: string } {
  const m = /^\s*([A-Za-zÀ-ÿ]+)\s*:?\s*(.*?)\s*$/su.exec(text);
  const word = (m?.[1] ?? '').normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  const number = m?.[2] ?? '';
  if (word === 'GRATUIT' || word === 'GRATUITE') return { keyword: number ? 'claim' : 'help', number };
  if (word === 'CODE') return { keyword: number ? 'code' : 'help', number };
  return { keyword: 'help', number };
}

export class InboundSms {
  readonly stats = { claims: 0, codes: 0, help: 0, limited: 0, unknownSender: 0 };
  private readonly limiter: PhoneLimiter;

  constructor(private readonly d: InboundDeps) {
    this.limiter = d.limiter ?? new PhoneLimiter();
  }

  /** Throws when nothing could be recorded (the store is away): the SMSC is told to deliver the message again later. */
  async handle(m: { from: string; text: string }): Promise<void> {
    const phone = normalisePhone(m.from.startsWith('241') ? `+${m.from}` : m.from);
    if (phone === null) {
      this.stats.unknownSender++; // not a Gabonese mobile: no claim, and no SMS abroad at the utility's cost
      return;
    }
    if (!this.limiter.take(phone)) {
      this.stats.limited++;
      return;
    }
    const { keyword, number } = parseInbound(m.text);
    const reply = await (keyword === 'claim' ? this.claim(phone, number) : keyword === 'code' ? this.code(phone, number) : this.help());
    if (reply !== null) await this.d.outbox.enqueue([{ to: phone, text: reply, kind: 'reply' } satisfies OutboxMessage]);
  }

  /** The answer, or null when the credit's own notice (queued with it) is the answer. */
  private async claim(phone: string, number: string): Promise<string | null> {
    this.stats.claims++;
    const req = { who: { number }, cycle: null, phone, pass: null, channel: 'sms' as const };
    const o = await this.d.claims.claim(req);
    // Nothing recorded: the SMSC is told to deliver the message again later, rather than the person to send it again.
    if (o.kind === 'unavailable') throw new Error(`claim by SMS not recorded: ${String(o.cause)}`);
    if (o.kind === 'queued') this.d.followUps.add(req, o);
    return smsAnswer(o, this.d.programme(), this.d.signature);
  }

  /** A programme that proves new phones sends the code again to the phone on file only, and says so to the one asking. */
  private async code(phone: string, number: string): Promise<string> {
    this.stats.codes++;
    const l = this.d.claims.locate({ number });
    if ('errors' in l) return reasonNotice(l.errors[0].message, this.d.signature);
    if ('unknown' in l) return reasonNotice(l.typo?.message ?? `Le numéro ${l.unknown} ne figure pas dans le fichier des abonnés.`, this.d.signature);
    const credits = this.d.claims.issuedTo(l.found);
    if (credits.length === 0) return NOTHING_YET_TEXT(number.trim());
    const text = replayNotice(credits[credits.length - 1], l.found, this.d.programme(), this.d.signature);
    const onFile = l.found.phone;
    if (!this.d.programme().options?.verify_new_phones || onFile === null || onFile === phone) return text;
    await this.d.outbox.enqueue([{ to: onFile, text, kind: 'reply' }]);
    return SENT_TO_FILE_TEXT(onFile);
  }

  private async help(): Promise<string> {
    this.stats.help++;
    return HELP_TEXT;
  }
}
