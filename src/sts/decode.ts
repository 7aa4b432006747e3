/** @module Reading a token back with the meter's key: what a meter does before it decides to accept it. */
import { decodeAmount } from './amount.js';
import type { Block64 } from './bits.js';
import { tokenCrc } from './crc.js';
import { digitsToToken } from './decimal.js';
import { cachedMeterKey, MeterKey, type MeterKeyInput } from './meter-key.js';
import { dateOfTid } from './tid.js';
import { SUBCLASS_SERVICE } from './token.js';

export interface DecodedToken {
  class: number;
  subclass: number;
  /** For class 0: electricity, water, gas or time (subclasses 0..3); null otherwise. */
  service: (typeof SUBCLASS_SERVICE)[number] | null;
  rnd: number;
  tid: number;
  issuedAt: Date;
  /** The 16-bit amount field in tenths of a unit. */
  tenths: number;
  /** The same in units (tenths / 10). */
  units: number;
  /** False when the token was altered or made for another key: then every other field is noise. */
  crcOk: boolean;
}

const scratch: Block64 = { hi: 0, lo: 0 };

/** Decodes a 20-digit token with a meter's key (a prepared MeterKey, or what derives one). Throws `bad_token` on malformed text. */
export function decodeToken(token: string, meter: MeterKey | MeterKeyInput): DecodedToken {
  const mk = meter instanceof MeterKey ? meter : cachedMeterKey(meter);
  const t = digitsToToken(token);
  const tokenClass = (t.lo >>> 27) & 3;
  const lo = ((t.lo & ~(3 << 27)) | (t.top << 27)) >>> 0;
  // Class 1 (meter test) tokens travel unencrypted; every other class is encrypted.
  const b = tokenClass === 1 ? { hi: t.hi, lo } : mk.decrypt(t.hi, lo, scratch);
  const subclass = b.hi >>> 28;
  const rnd = (b.hi >>> 24) & 15;
  const tid = b.hi & 0xffffff;
  const amount = b.lo >>> 16;
  const crcOk = tokenCrc(tokenClass, subclass, rnd, tid, amount) === (b.lo & 0xffff);
  const tenths = decodeAmount(amount);
  return {
    class: tokenClass,
    subclass,
    service: tokenClass === 0 && subclass < 4 ? SUBCLASS_SERVICE[subclass] : null,
    rnd,
    tid,
    issuedAt: dateOfTid(tid, mk.baseDate),
    tenths,
    units: tenths / 10,
    crcOk,
  };
}
