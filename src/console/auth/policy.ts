/** @module Which passwords an operator account may have, and why one is refused (in English, for the operator). */
import { commonMatch } from './common-passwords.js';

export const MIN_LENGTH = 12;
/** Long enough for any passphrase; the bound keeps one hash of an absurd input from costing more than a login. */
export const MAX_LENGTH = 256;
const MIN_DISTINCT = 5;

/**
 * Null when the password may be used, else the reason in a few words ("too short: ..."), which the caller puts
 * after "password refused: ". Length counts characters as typed (é is one), after Unicode NFC as the hash does.
 * No rule on character classes: length and the common list stop real guesses, composition rules mostly do not.
 */
export function passwordProblem(password: string, email?: string): string | null {
  const chars = [...password.normalize('NFC')];
  if (chars.length < MIN_LENGTH) return `too short: at least ${MIN_LENGTH} characters (this one has ${chars.length})`;
  if (chars.length > MAX_LENGTH) return `too long: at most ${MAX_LENGTH} characters (this one has ${chars.length})`;
  // A line feed or a tab is a file read wrong (or a paste gone wrong), never what the operator meant to type.
  if (chars.some((c) => /\p{Cc}/u.test(c))) return 'it contains a control character (a line break or tab?)';
  const common = commonMatch(password);
  if (common === 'listed') return 'it is in the list of common passwords that attackers try first';
  if (common === 'decorated') return 'it is a common password with digits, symbols or look-alike characters added';
  if (new Set(chars.map((c) => c.toLowerCase())).size < MIN_DISTINCT) {
    return `it repeats too few different characters (at least ${MIN_DISTINCT} different ones)`;
  }
  if (email) {
    const lower = password.toLowerCase();
    const local = email.toLowerCase().split('@')[0];
    if (lower.includes(email.toLowerCase()) || (local.length >= 4 && lower.includes(local))) return "it contains the account's email address";
  }
  return null;
}
