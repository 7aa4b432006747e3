/** @module Class-0 credit tokens: fields, CRC, encryption, class-bit transposition, 20 digits. */
// IEC 62055-41 §6.2.2, §6.4: class 2 + subclass 4 + RND 4 + TID 24 + amount 16 + CRC 16 bits. The 64 bits after the
// class are encrypted; then the two class bits swap places with encrypted bits 28 and 27 (the class must stay
// readable before decryption), and the 66-bit number is written as 20 digits.
import { encodeAmount } from './amount.js';
import type { Block64 } from './bits.js';
import { tokenCrc } from './crc.js';
import { tokenToDigits } from './decimal.js';
import { StsError } from './errors.js';
import { cachedMeterKey, deriveMeterKey, type MeterKey, type MeterKeyInput } from './meter-key.js';
import { checkTid } from './tid.js';

export type Service = 'electricity' | 'water';
/** Class-0 subclasses (Table 17): the service the credit is for. Guichet mints the first two. */
export const SUBCLASS_SERVICE = ['electricity', 'water', 'gas', 'time'] as const;

export interface CreditFields {
  service: Service;
  /** Credit in tenths of a unit (kWh or m3): 7 is 0.7. */
  tenths: number;
  /** Token identifier: minutes since the meter's base date (see tidAt / nextTid). */
  tid: number;
  /** The 4-bit random field, 0..15 (randomness is the caller's, so minting stays a pure function). */
  rnd: number;
}

export interface MintCreditTokenInput extends MeterKeyInput, CreditFields {
  /** false: derive the decoder key afresh instead of using the per-meter cache. */
  cache?: boolean;
}

const scratch: Block64 = { hi: 0, lo: 0 };

/** Mints with an already prepared meter key: the hot path. */
export function mintWithMeterKey(mk: MeterKey, f: CreditFields): string {
  const subclass = f.service === 'electricity' ? 0 : f.service === 'water' ? 1 : -1;
  if (subclass < 0) throw new StsError('bad_service', `service must be electricity or water (got ${JSON.stringify(f.service)})`);
  const rnd = f.rnd;
  if (!Number.isInteger(rnd) || rnd < 0 || rnd > 15) throw new StsError('bad_rnd', `random field must be a whole number from 0 to 15 (got ${rnd})`);
  const tid = checkTid(f.tid);
  const amount = encodeAmount(f.tenths);
  const crc = tokenCrc(0, subclass, rnd, tid, amount);
  const e = mk.encrypt(((subclass << 28) | (rnd << 24) | tid) >>> 0, ((amount << 16) | crc) >>> 0, scratch);
  return transposeToDigits(0, e.hi, e.lo);
}

/** Class bits into token bits 28..27; encrypted bits 28..27 up to token bits 65..64. */
export function transposeToDigits(tokenClass: number, hi: number, lo: number): string {
  const top = (lo >>> 27) & 3;
  return tokenToDigits(top, hi, ((lo & ~(3 << 27)) | (tokenClass << 27)) >>> 0);
}

/**
 * A 20-digit class-0 credit token for a meter. Decoder keys are cached per (vending key, meter, key data),
 * so a second token to the same meter costs only the encryption.
 */
export function mintCreditToken(input: MintCreditTokenInput): string {
  const mk = input.cache === false ? deriveMeterKey(input) : cachedMeterKey(input);
  return mintWithMeterKey(mk, input);
}
