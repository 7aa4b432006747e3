/**
 * @module Grievance tickets: `R-` and six characters of Crockford base 32, the last a check character (Luhn mod 32),
 * so a mistyped ticket (one wrong character, two neighbours swapped but for 0 and Z) is caught instead of finding someone else's.
 * People read tickets aloud and type them on phones: case, spaces and dashes are forgiven, O is 0, I and L are 1.
 */

/** Crockford's alphabet: no I, L, O, U (read as 1, 1, 0 and never written). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;
/** Characters drawn at random; one more is the check. 32^5 = 33.5 million tickets, a collision is drawn again. */
export const TICKET_PAYLOAD = 5;
/** What a ticket looks like once normalised. */
export const TICKET_SHAPE = /^R-[0-9A-HJKMNP-TV-Z]{6}$/;
/** Longer than this is not a mistyped ticket: the API answers 414. */
export const TICKET_ABSURD = 64;

const valueOf = (c: string): number => ALPHABET.indexOf(c);

/** Luhn mod N over the payload: every single substitution changes it, and every swap of two neighbours but 0 and Z. */
export function checkChar(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    let addend = factor * valueOf(payload[i]);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N];
}

/** A new ticket from `random` (0 ≤ x < 1; injected so tests draw the same tickets). */
export function newTicket(random: () => number = Math.random): string {
  let payload = '';
  for (let i = 0; i < TICKET_PAYLOAD; i++) payload += ALPHABET[Math.floor(random() * N) % N];
  return `R-${payload}${checkChar(payload)}`;
}

/**
 * A ticket as typed (`r 7k3 q9x`, `R7K3Q9X`, `7K3Q9X`, with O for 0 or I for 1) in its one form, or null when it
 * is not one: wrong length, a character outside the alphabet, or a check character that does not match.
 */
export function parseTicket(typed: string): string | null {
  if (typed.length > TICKET_ABSURD) return null;
  let s = typed.toUpperCase().replace(/[\s\-_.]/g, '');
  if (s.length === TICKET_PAYLOAD + 2 && s[0] === 'R') s = s.slice(1);
  if (s.length !== TICKET_PAYLOAD + 1) return null;
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  for (const c of s) if (valueOf(c) < 0) return null;
  const payload = s.slice(0, TICKET_PAYLOAD);
  return checkChar(payload) === s[TICKET_PAYLOAD] ? `R-${s}` : null;
}
