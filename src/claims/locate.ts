/** @module Finds the subscriber a claim is about, from a meter number, a contract number, or a number as a person typed it. */
import type { StoredSubscriber } from '../domain/subscriber.js';
import { isValidLuhn } from '../sts/index.js';
import type { FieldError } from './outcome.js';
import type { RegistryIndex } from './registry-index.js';
import { checkTyped, digitsOf, normaliseMeter, type Who } from './request.js';

export type Located =
  | { found: StoredSubscriber }
  /** Nobody has this number: `number` is what to quote back; `typo` when an STS number's check digit is wrong. */
  | { unknown: string; typo: FieldError | null }
  | { errors: FieldError[] };

const CHECK_DIGIT = (field: string): FieldError => ({
  field,
  message: 'Ce numéro de compteur semble mal saisi : son dernier chiffre (chiffre de contrôle) ne correspond pas. Vérifiez-le sur votre compteur ou votre facture.',
  message_en: 'This meter number looks mistyped: its last digit (the check digit) does not match. Check it on your meter or bill.',
});

/**
 * A typed number is tried as a meter (digits, once spaces, dots and dashes are dropped), then as a contract (some
 * utilities number contracts with digits only); anything else is a contract. When nobody has it, an STS-length
 * number whose Luhn digit fails is most likely a typing error, and is said so rather than "unknown".
 */
export function locate(index: RegistryIndex, who: Who): Located {
  if ('meter_no' in who) {
    const m = normaliseMeter(who.meter_no);
    if (typeof m !== 'string') return { errors: [m] };
    return found(index.meter(m)) ?? unknownMeter(m, 'meter_no');
  }
  if ('contract_no' in who) {
    const c = who.contract_no.trim();
    return found(index.contract(c)) ?? { unknown: c, typo: null };
  }
  const typed = checkTyped(who.number);
  if (typeof typed !== 'string') return { errors: [typed] };
  const digits = digitsOf(typed);
  if (digits !== null) {
    return found(index.meter(digits)) ?? found(index.contract(typed)) ?? unknownMeter(digits, 'number', typed);
  }
  return found(index.contract(typed)) ?? { unknown: typed, typo: null };
}

function found(s: StoredSubscriber | undefined): Located | null {
  return s === undefined ? null : { found: s };
}

function unknownMeter(digits: string, field: string, asTyped = digits): Located {
  const sts = (digits.length === 11 || digits.length === 13) && !isValidLuhn(digits);
  return { unknown: asTyped, typo: sts ? CHECK_DIGIT(field) : null };
}
