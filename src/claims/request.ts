/**
 * @module A claim as every channel hands it to the core: who (a meter number, a contract number, or a number as a
 * person typed it), the cycle, a phone, a pass, the channel. The core normalises what people type; the edges have
 * already checked the shape (JSON schema, form field, USSD text).
 */
import type { Channel } from '../domain/credit.js';
import type { FieldError } from './outcome.js';

export type Who = { meter_no: string } | { contract_no: string } | { number: string };

export interface ClaimRequest {
  who: Who;
  /** Null: the open cycle. */
  cycle: string | null;
  /** As given: the core keeps only a Gabonese mobile number in its one form. */
  phone: string | null;
  pass: string | null;
  channel: Channel;
}

/** The registry allows contract numbers of up to 40 characters; a little slack for the spaces people type. */
export const NUMBER_MAX = 48;
const SEPARATORS = /[\s.\-]/g;
/** Digits, letters, and the separators found on meters and bills (spaces, dots, dashes, slashes, underscores). */
const TYPED_SHAPE = /^[0-9A-Za-z .\-/_]+$/;

/** Spaces, dots and dashes around the digits are dropped; 4 to 20 digits remain, or the answer says what is wrong. */
export function normaliseMeter(raw: string, field = 'meter_no'): string | FieldError {
  const s = raw.replace(SEPARATORS, '');
  if (s.length === 0) return { field, message: 'Le numéro de compteur est vide.', message_en: 'The meter number is empty.' };
  if (!/^[0-9]+$/.test(s)) {
    return { field, message: 'Le numéro de compteur ne doit contenir que des chiffres (0 à 9).', message_en: 'A meter number has digits only (0 to 9).' };
  }
  if (s.length < 4 || s.length > 20) {
    return { field, message: 'Le numéro de compteur doit compter entre 4 et 20 chiffres.', message_en: 'A meter number has 4 to 20 digits.' };
  }
  return s;
}

/**
 * The form a contract number is compared in: upper case, letters and digits only. People type `mjl 88211178` or
 * `MJL88211178` for the `MJL-88211178` printed on their bill; all three find it.
 */
export function contractKey(raw: string): string {
  return raw.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** A number typed by a person (page, USSD, SMS): cheap checks before anyone looks it up. */
export function checkTyped(raw: string, field = 'number'): string | FieldError {
  const value = raw.trim();
  if (value === '') return { field, message: 'Indiquez votre numéro de compteur ou de contrat.', message_en: 'Enter your meter or contract number.' };
  if (value.length > NUMBER_MAX) {
    return { field, message: 'Ce numéro est trop long. Vérifiez-le sur votre compteur ou votre facture.', message_en: 'This number is too long. Check it on your meter or bill.' };
  }
  if (!TYPED_SHAPE.test(value)) {
    return { field, message: 'Ce numéro ne peut contenir que des chiffres, des lettres et des tirets, comme sur votre compteur ou votre facture.',
      message_en: 'This number can only hold digits, letters and dashes, as on your meter or bill.' };
  }
  return value;
}

/** Digits only once separators are dropped: a meter number, or a contract numbered with digits. */
export const digitsOf = (typed: string): string | null => {
  const d = typed.replace(SEPARATORS, '');
  return /^[0-9]+$/.test(d) ? d : null;
};
