/** @module STS errors: one class, stable ids a caller can switch on, plain-English messages safe to show. */

/**
 * Stable ids. Callers map them to answers (HTTP 400, CLI exit 2); the ids never change meaning.
 * Messages never include the vending key or a decoder key: they may end up in logs.
 */
export type StsErrorCode =
  | 'bad_pan' // PAN not 18 digits, or an IIN/meter number of the wrong shape
  | 'bad_drn' // meter number (decoder reference number) not 11 or 13 digits
  | 'bad_check_digit' // a PAN or DRN whose Luhn check digit is wrong
  | 'bad_key' // vending key or decoder key not 16 hexadecimal digits
  | 'bad_key_data' // SGC, TI, KRN, KT, IIN, base date, EA or DKGA out of their defined values
  | 'bad_amount' // an amount that is not a non-negative whole number of tenths, or malformed text
  | 'amount_not_encodable' // no exponent/mantissa pair carries this amount exactly
  | 'bad_date' // not a date
  | 'tid_out_of_range' // before the base date, or past the 24-bit minute counter
  | 'bad_rnd' // random field not 0..15
  | 'bad_service' // not electricity or water
  | 'bad_token'; // not a 20-digit token below 2^66

export class StsError extends Error {
  override readonly name = 'StsError';
  constructor(
    readonly code: StsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const isStsError = (e: unknown): e is StsError => e instanceof StsError;
