/** @module The one field "numéro de compteur ou de contrat": checked in the page's language, then located in the registry. */
import type { StoredSubscriber as StoredSubscriber } from '../../domain/subscriber.js';
import type { ClaimService } from '../../claims/claim-service.js';
import type { Strings } from './i18n.js';

/** The registry allows contract numbers of up to 40 characters; a little slack for the spaces people type. */
export const NUMERO_MAX = 48;
/** Digits, letters, and the separators found on meters and bills (spaces, dots, dashes, slashes, underscores). */
const SHAPE = /^[0-9A-Za-z .\-/_]+$/;

export type NumeroProblem = keyof Pick<Strings, 'numeroEmpty' | 'numeroLong' | 'numeroChars'>;

/** Cheap checks with messages in the page's language, before the claim path's own (French) validation. */
export function checkNumero(raw: string): { ok: true; value: string } | { ok: false; problem: NumeroProblem } {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: 'numeroEmpty' };
  if (value.length > NUMERO_MAX) return { ok: false, problem: 'numeroLong' };
  if (!SHAPE.test(value)) return { ok: false, problem: 'numeroChars' };
  return { ok: true, value };
}

/** What the claim API is sent: the number under the name that finds the subscriber. */
export type Locator = { meter_no: string } | { contract_no: string };

/**
 * One field takes either number, so the server decides: digits (once spaces, dots and dashes are dropped) are tried
 * as a meter, then as a contract (some utilities number contracts with digits only); anything else is a contract.
 * When neither finds a subscriber, digits go to the claim path as a meter number, so a mistyped STS number gets
 * the precise check-digit message, and the "unknown" answer names the number as typed.
 */
export function locate(claims: Pick<ClaimService, 'find'>, value: string): { locator: Locator; subscriber: StoredSubscriber | undefined } {
  const digits = value.replace(/[\s.\-]/g, '');
  const contract = value.replace(/\s+/g, '').toUpperCase();
  if (/^[0-9]+$/.test(digits)) {
    const byMeter = claims.find({ meter_no: digits, contract_no: null });
    if (byMeter) return { locator: { meter_no: value }, subscriber: byMeter };
    const byContract = claims.find({ meter_no: null, contract_no: contract });
    if (byContract) return { locator: { contract_no: contract }, subscriber: byContract };
    return { locator: { meter_no: value }, subscriber: undefined };
  }
  return { locator: { contract_no: contract }, subscriber: claims.find({ meter_no: null, contract_no: contract }) };
}
