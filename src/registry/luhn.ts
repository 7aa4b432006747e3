/** @module Luhn check digit (ISO/IEC 7812-1), as STS uses on decoder reference numbers and meter PANs. */

/** The digit to append to `payload` (ASCII digits only) so that the whole passes the Luhn check. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  // Walking from the right, the rightmost payload digit is the one doubled (it sits left of the check digit).
  let double = true;
  for (let i = payload.length - 1; i >= 0; i--) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the ones before it. */
export function hasValidLuhn(digits: string): boolean {
  if (digits.length < 2) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}
