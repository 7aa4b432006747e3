/** @module Operator email addresses: one spelling per account (trimmed, lower-case), checked before anything is stored. */

/** RFC 5321's limits: 64 before the @, 254 in all. */
const MAX_LOCAL = 64;
const MAX_TOTAL = 254;

// The usual dot-atom local part and a host name of two labels or more, ASCII only: operators' addresses are their
// employer's, and an internationalised domain can still be given in its xn-- form.
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Trimmed and lower-cased: Admin@SEEG.ga and admin@seeg.ga are one account (and one lockout counter). */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Null when `email` (normalised) is an address we accept, else why not, in English. */
export function emailProblem(email: string): string | null {
  if (email.length === 0) return 'the email address is empty';
  if (email.length > MAX_TOTAL) return `the email address is too long (at most ${MAX_TOTAL} characters)`;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return `"${email}" is not an email address (expected name@domain)`;
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (local.length > MAX_LOCAL) return `the part before the @ is too long (at most ${MAX_LOCAL} characters)`;
  if (!LOCAL.test(local) || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels[labels.length - 1])) {
    return `"${email}" is not an email address we accept (letters, digits and . _ - + before the @, a domain such as seeg.ga after it)`;
  }
  return null;
}

/** The normalised address when it is valid, else null: what a login looks accounts up by. */
export function validEmail(raw: string): string | null {
  const e = normaliseEmail(raw);
  return emailProblem(e) === null ? e : null;
}
