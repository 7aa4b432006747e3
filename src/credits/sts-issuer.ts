/** @module The STS issuer: mints each prepaid credit's token with the built-in engine, never reusing a meter's TID. */
import type { StoredSubscriber as StoredSubscriber } from '../domain/subscriber.js';
import { randomBytes } from 'node:crypto';
import type { Credit } from '../domain/programme.js';
import type { IssueResult, PrepaidIssuer } from '../claims/ports.js';
import { isStsError, mintCreditToken, nextTid, roundDownToEncodable, type BaseDate } from '../sts/index.js';
import type { SubscriberStore } from '../store/contract.js';
import { reasonText } from '../claims/reasons.js';

/** Random nibbles for the token's RND field, drawn from the OS a few thousand at a time. */
class Nibbles {
  private buf = randomBytes(4096);
  private i = 0;
  next(): number {
    if (this.i === this.buf.length) {
      this.buf = randomBytes(4096);
      this.i = 0;
    }
    return this.buf[this.i++] & 15;
  }
}

export class StsIssuer implements PrepaidIssuer {
  readonly name = 'sts';
  /** Last TID minted per subscriber (from the store at start, then kept here; the store records it with each credit). */
  private readonly lastTid = new Map<number, number>();
  private readonly rnd = new Nibbles();

  constructor(private readonly vendingKey: string, lastTids: Iterable<{ id: number; last_tid: number }> = []) {
    for (const r of lastTids) this.lastTid.set(r.id, r.last_tid);
  }

  /** With every meter's last TID from the store (whichever node minted it), so none is ever reused after a restart. */
  static async load(vendingKey: string, subscribers: SubscriberStore): Promise<StsIssuer> {
    const issuer = new StsIssuer(vendingKey);
    for await (const r of subscribers.lastTids()) issuer.lastTid.set(r.id, r.last_tid);
    return issuer;
  }

  issue(s: StoredSubscriber, _cycle: string, credit: Credit, now: Date): IssueResult {
    const baseDate = s.sts_base_date as BaseDate;
    try {
      const tid = nextTid(now, baseDate, this.lastTid.get(s.id));
      // A credit above 1638.3 units is carried with an exponent; one with no exact form gets the largest below it.
      const tenths = roundDownToEncodable(credit.units_tenths);
      const token = mintCreditToken({
        vendingKey: this.vendingKey, meterNo: s.meter_no, service: s.service, tenths, tid, rnd: this.rnd.next(),
        key: { iin: s.sts_iin!, sgc: s.sts_sgc!, ti: s.sts_ti!, krn: s.sts_krn!, kt: Number(s.sts_kt), baseDate },
        // A meter takes one token a cycle: the engine's cache of decoder keys (50,000 of them, about 30 MiB once a crowd
        // has claimed) would keep keys that are not asked for again. Deriving one costs what a cache miss costs anyway.
        cache: false,
      });
      this.lastTid.set(s.id, tid);
      return { ok: true, token, tid, code_id: null, units_tenths: tenths };
    } catch (e) {
      if (!isStsError(e)) throw e;
      // A meter still counting from 1993 ran out of TIDs in November 2024: it needs a key change first.
      const [fr, en] = reasonText(e.code === 'tid_out_of_range' ? 'meter_needs_key_change' : 'issuance_unavailable');
      return { ok: false, reason: e.code === 'tid_out_of_range' ? 'meter_needs_key_change' : 'issuance_unavailable', message: { fr, en } };
    }
  }

  /** A TID that was minted but not committed is simply never used: the meter accepts later, higher ones. */
  release(): void {}

  learnTid(s: StoredSubscriber, tid: number): void {
    if (tid > (this.lastTid.get(s.id) ?? -1)) this.lastTid.set(s.id, tid);
  }
}
