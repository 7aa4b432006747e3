/**
 * @module Proving a phone (OWASP ASVS V2.7): a phone given with a claim that is not the one on file gets the credit's
 * SMS only once a one-time code sent to it is typed back. Six digits from the CSPRNG, valid five minutes, single use,
 * five tries, stored as an HMAC and compared in constant time; a new code replaces the last; limited per phone and
 * per subscriber. A programme option (`verify_new_phones`), off in the demo programme.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CreditRecord } from '../../domain/credit.js';
import type { Programme } from '../../domain/programme.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type { CodeLimits, PhoneCodeStore } from '../../store/otp-contract.js';
import type { SmsOutboxStore } from '../../store/sms-contract.js';
import { toGsm7 } from '../../sms/gsm7.js';
import { creditNotice } from './texts.js';

export const CODE_TTL_MS = 5 * 60_000;
export const MAX_TRIES = 5;
/** Three codes an hour to one phone, five a day for one subscriber: enough for a person, useless for a script. */
export const CODE_LIMITS: CodeLimits = { perPhoneHour: 3, perSubscriberDay: 5 };

export type Proof = 'verified' | 'wrong' | 'expired' | 'locked' | 'none';

export interface PhoneProofDeps {
  codes: PhoneCodeStore;
  outbox: Pick<SmsOutboxStore, 'enqueue'>;
  /** A secret of the deployment, the same on every node (kept in the store's settings). */
  secret: Buffer;
  programme: () => Programme;
  signature: string | null;
  now?: () => number;
}

export class PhoneProof {
  private readonly now: () => number;

  constructor(private readonly d: PhoneProofDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Reads (or first draws) the deployment's secret: every node hashes codes the same way. */
  static async secret(store: { ensureSetting(k: string, v: string): Promise<string> }): Promise<Buffer> {
    return Buffer.from(await store.ensureSetting('phone_code_secret', randomBytes(32).toString('hex')), 'hex');
  }

  /** True when this phone must prove itself before it gets this subscriber's SMS. */
  needed(sub: StoredSubscriber, phone: string | null): phone is string {
    return phone !== null && phone !== sub.phone && this.d.programme().options?.verify_new_phones === true;
  }

  /** Sends a new code to the phone (the last one no longer works). 'limited': too many codes, none sent. */
  async send(sub: StoredSubscriber, phone: string): Promise<'sent' | 'limited'> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.now();
    const r = await this.d.codes.issue({ phone, subscriber_id: sub.id, code_hash: this.hash(phone, sub.id, code), expires_at: now + CODE_TTL_MS, now }, CODE_LIMITS);
    if (r === 'limited') return r;
    const text = toGsm7(`Code de vérification Guichet: ${code}. Valable 5 minutes. Ne le donnez à personne.`);
    await this.d.outbox.enqueue([{ to: phone, text, kind: 'otp' }]);
    return 'sent';
  }

  /** The code typed back; verified: the credit's notice is queued to that phone. */
  async confirm(sub: StoredSubscriber, phone: string, typed: string, credit: CreditRecord | null): Promise<Proof> {
    const open = await this.d.codes.open(phone, sub.id);
    if (!open) return 'none';
    if (open.expires_at <= this.now()) return 'expired';
    const tries = await this.d.codes.tried(open.id);
    if (tries === null) return 'none';
    if (tries > MAX_TRIES) return 'locked';
    const given = /^\d{6}$/.test(typed.trim()) ? this.hash(phone, sub.id, typed.trim()) : '';
    const ok = given.length === open.code_hash.length && timingSafeEqual(Buffer.from(given), Buffer.from(open.code_hash));
    if (!ok) {
      if (tries >= MAX_TRIES) await this.d.codes.lock(open.id);
      return tries >= MAX_TRIES ? 'locked' : 'wrong';
    }
    if (!(await this.d.codes.use(open.id))) return 'none';
    if (credit) await this.d.outbox.enqueue([{ to: phone, text: creditNotice(credit, sub, this.d.programme(), this.d.signature), kind: 'credit' }]);
    return 'verified';
  }

  /** Bound to the phone and the subscriber: a code sent for one cannot prove another. */
  private hash(phone: string, subscriberId: number, code: string): string {
    return createHmac('sha256', this.d.secret).update(`${phone}\u0000${subscriberId}\u0000${code}`).digest('hex');
  }
}
