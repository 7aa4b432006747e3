/** @module CSRF synchronizer tokens: one random token per session, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the CSPRNG, base64url: fits a form field and an `x-csrf-token` header as it is. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether the token a request sent is its session's. Both sides are hashed first, so the comparison is of two
 * equal-length digests: timingSafeEqual throws on unequal lengths, and comparing lengths first would tell an
 * attacker the token's length. A missing or empty token never matches.
 */
export function csrfMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || expected.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(given));
}
