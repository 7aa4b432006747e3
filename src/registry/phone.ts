/** @module Gabonese mobile numbers: the registry stores one form, `+241` and 8 digits, whatever form the export used. */

/** Mobile prefixes (first two of the 8 national digits): Moov Africa (60, 62, 65, 66) and Airtel (74, 76, 77). */
export const MOBILE_PREFIXES: readonly string[] = ['60', '62', '65', '66', '74', '76', '77'];

const SEPARATORS = /[ .\-()]/g;

/**
 * The `+241XXXXXXXX` form of a phone number, or null when it is not a Gabonese mobile number.
 * Accepted, because utilities' exports use them: `+241 77 12 34 56`, `00241...`, `241...` (11 digits),
 * the national `077 12 34 56` (trunk 0 and 8 digits) and the bare 8 digits; spaces, dots, dashes and brackets
 * between digits are dropped. Anything else (a landline `011...`, 7 or 10 digits, letters) is refused.
 */
export function normalisePhone(input: string): string | null {
  const s = input.replace(SEPARATORS, '');
  let national: string;
  if (/^\+241\d{8}$/.test(s)) national = s.slice(4);
  else if (/^00241\d{8}$/.test(s)) national = s.slice(5);
  else if (/^241\d{8}$/.test(s)) national = s.slice(3);
  else if (/^0\d{8}$/.test(s)) national = s.slice(1);
  else if (/^\d{8}$/.test(s)) national = s;
  else return null;
  return MOBILE_PREFIXES.includes(national.slice(0, 2)) ? `+241${national}` : null;
}
