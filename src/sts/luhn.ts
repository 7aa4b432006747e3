/** @module Luhn check digits (ISO/IEC 7812-1) on STS decoder reference numbers (DRN) and meter PANs. */
import { StsError } from './errors.js';

const DIGITS = /^[0-9]+$/;

/** The digit to append to `digits` so that the whole passes the Luhn check. */
export function luhnCheckDigit(digits: string): string {
  if (!DIGITS.test(digits)) throw new StsError('bad_check_digit', 'a Luhn check digit can only be computed over decimal digits');
  let sum = 0;
  // Walking from the right, the payload's rightmost digit is doubled: it sits left of the future check digit.
  let double = true;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True when `digitsWithCheck` is all digits and its last digit is the Luhn digit of the ones before. */
export function isValidLuhn(digitsWithCheck: string): boolean {
  if (digitsWithCheck.length < 2 || !DIGITS.test(digitsWithCheck)) return false;
  return luhnCheckDigit(digitsWithCheck.slice(0, -1)) === digitsWithCheck[digitsWithCheck.length - 1];
}

/**
 * Checks a meter number (decoder reference number): 11 or 13 digits, the last a Luhn check digit.
 * Throws `bad_drn` or `bad_check_digit`; returns the DRN unchanged.
 */
export function validateDrn(meterNo: string): string {
  if (!DIGITS.test(meterNo) || (meterNo.length !== 11 && meterNo.length !== 13)) {
    throw new StsError('bad_drn', `meter number must be 11 or 13 digits (got ${describe(meterNo)})`);
  }
  if (!isValidLuhn(meterNo)) {
    const want = luhnCheckDigit(meterNo.slice(0, -1));
    throw new StsError('bad_check_digit', `meter number ${meterNo}: check digit is ${meterNo.slice(-1)}, expected ${want}`);
  }
  return meterNo;
}

/** True for an 11- or 13-digit meter number whose last digit is its Luhn check digit. */
export const isValidDrn = (meterNo: string): boolean =>
  (meterNo.length === 11 || meterNo.length === 13) && isValidLuhn(meterNo);

/**
 * The meter's primary account number: IIN + meter number + Luhn digit over both (docs/registry-format.md).
 * The two STS forms are a 6-digit IIN with an 11-digit DRN and the 4-digit IIN `0000` with a 13-digit DRN;
 * both make an 18-digit PAN.
 */
export function buildPan(iin: string, meterNo: string): string {
  validateDrn(meterNo);
  if (!DIGITS.test(iin) || (iin.length !== 6 && iin.length !== 4)) {
    throw new StsError('bad_key_data', `IIN must be 6 digits (e.g. 600727) or the 4-digit 0000 (got ${describe(iin)})`);
  }
  if (iin.length + meterNo.length !== 17) {
    throw new StsError('bad_pan', `a ${iin.length}-digit IIN goes with a ${17 - iin.length}-digit meter number (got ${meterNo.length} digits)`);
  }
  const body = iin + meterNo;
  return body + luhnCheckDigit(body);
}

/**
 * Splits and checks an 18-digit PAN. A PAN starting with `0000` is read as the 4-digit IIN form
 * (13-digit DRN), any other as a 6-digit IIN (11-digit DRN); both read the same 16-digit PAN block.
 */
export function parsePan(pan: string): { iin: string; meterNo: string; pan: string } {
  if (!DIGITS.test(pan) || pan.length !== 18) {
    throw new StsError('bad_pan', `PAN must be 18 digits: IIN, meter number and a check digit (got ${describe(pan)})`);
  }
  const want = luhnCheckDigit(pan.slice(0, 17));
  if (want !== pan[17]) throw new StsError('bad_check_digit', `PAN ${pan}: check digit is ${pan[17]}, expected ${want}`);
  const iinLength = pan.startsWith('0000') ? 4 : 6;
  return { iin: pan.slice(0, iinLength), meterNo: pan.slice(iinLength, 17), pan };
}

function describe(s: string): string {
  return DIGITS.test(s) ? `${s.length} digits` : `"${s.length > 24 ? s.slice(0, 24) + '…' : s}"`;
}
