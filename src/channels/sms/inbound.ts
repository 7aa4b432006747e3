/**
 * @module Messages sent to Guichet's number: `GRATUIT <numéro>` is a claim from that phone, `CODE <numéro>` sends the
 * code again, `RECLAMATION <numéro> <texte>` raises a grievance, `SUIVI <ticket>` tells its state, anything else gets
 * the help text; every answer by SMS. Limited per phone: each answer costs an SMS.
 */
import type { ClaimService } from '../../claims/claim-service.js';
import type { Programme } from '../../domain/programme.js';
import type { OutboxMessage } from '../../domain/sms.js';
import { normalisePhone } from '../../registry/phone.js';
import type { SmsOutboxStore } from '../../store/sms-contract.js';
import type { FollowUps } from './follow-up.js';
import { PhoneLimiter } from './limiter.js';
import { smsAnswer } from './answers.js';
import type { GrievanceService } from '../../grievances/port.js';
import { grievanceReply, trackReply } from './grievance-inbound.js';
import { HELP_TEXT, NOTHING_YET_TEXT, reasonNotice, replayNotice, SENT_TO_FILE_TEXT } from './texts.js';

export interface InboundDeps {
  claims: ClaimService;
  outbox: Pick<SmsOutboxStore, 'enqueue'>;
  programme: () => Programme;
  signature: string | null;
  followUps: FollowUps;
  limiter?: PhoneLimiter;
  /** `RECLAMATION` and `SUIVI`; absent or null: those messages are not recorded (the SMSC delivers them again later). */
  grievances?: GrievanceService | null;
}

export type Keyword = 'claim' | 'code' | 'grievance' | 'track' | 'help';

const GRIEVANCE_WORDS = new Set(['RECLAMATION', 'RECLAMATIONS', 'RECLAMER', 'PLAINTE']);

/**
 * `RECLAMATION 374 4647 9240 le code est refusé`: the number is the first word, or meter digits in groups of four
 * as printed; a comma or colon after it is dropped. The rest is the message.
 */
function splitNumber(rest: string): { number: string; text: string } {
  const m = /^(\d{2,4}(?: \d{4}){1,3}|\S+?)[,;:.]?(?:\s+([\s\S]*))?$/u.exec(rest);
  return { number: m?.[1] ?? '', text: (m?.[2] ?? '').trim() };
}

/** `gratuit  374 4647 9240`, `Gratuit: MJL-88211178`: any case, extra spaces, a colon after the word. */
export function parseInbound(text: string): { keyword: Keyword; number: string; text?: string } {
  const m = /^\s*([A-Za-zÀ-ÿ]+)\s*:?\s*(.*?)\s*$/su.exec(text);
  const word = (m?.[1] ?? '').normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  const number = m?.[2] ?? '';
  if (word === 'GRATUIT' || word === 'GRATUITE') return { keyword: number ? 'claim' : 'help', number };
  if (word === 'CODE') return { keyword: number ? 'code' : 'help', number };
  if (GRIEVANCE_WORDS.has(word)) return { keyword: 'grievance', ...splitNumber(number) };
  if (word === 'SUIVI') return { keyword: 'track', number };
  return { keyword: 'help', number };
}

export class InboundSms {
  readonly stats = { claims: 0, codes: 0, grievances: 0, tracks: 0, help: 0, limited: 0, unknownSender: 0 };
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
    const { keyword, number, text } = parseInbound(m.text);
    const reply = await (keyword === 'claim' ? this.claim(phone, number) : keyword === 'code' ? this.code(phone, number)
      : keyword === 'grievance' ? this.grievance(phone, number, text ?? '') : keyword === 'track' ? this.track(number) : this.help());
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

  /** Null when raised: the grievance's acknowledgement, queued with it to this phone, is the answer. */
  private async grievance(phone: string, number: string, text: string): Promise<string | null> {
    this.stats.grievances++;
    return grievanceReply(this.wired(), { phone, number, text }, this.d.signature);
  }

  private async track(query: string): Promise<string> {
    this.stats.tracks++;
    return trackReply(this.wired(), query, this.d.signature);
  }

  /** Not wired yet: nothing can be recorded, so the SMSC is told to deliver the message again later. */
  private wired(): GrievanceService {
    if (!this.d.grievances) throw new Error('grievance by SMS not recorded: no grievance service on this node');
    return this.d.grievances;
  }

  private async help(): Promise<string> {
    this.stats.help++;
    return HELP_TEXT;
  }
}
