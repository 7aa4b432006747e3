/** @module Claim input: checked at the edge, in plain French, before anything touches the store. */
import { normalisePhone } from '../registry/phone.js';

export interface ClaimInput {
  meter_no: string | null;
  contract_no: string | null;
  cycle: string | null;
  phone: string | null;
  pass: string | null;
}

export interface FieldError {
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const ALLOWED = new Set(['meter_no', 'contract_no', 'cycle', 'phone', 'pass']);
const MAX_LEN = 64;

/** What a subscriber types around the digits (spaces, dashes, dots) is dropped; anything else is refused. */
export function normaliseMeter(raw: string): string | FieldError {
  const s = raw.replace(/[\s.\-]/g, '');
  if (s.length === 0) return { field: 'meter_no', message: 'Le numéro de compteur est vide.' };
  if (!/^[0-9]+$/.test(s)) {
    return { field: 'meter_no', message: 'Le numéro de compteur ne doit contenir que des chiffres (0 à 9).' };
  }
  if (s.length < 4 || s.length > 20) {
    return { field: 'meter_no', message: 'Le numéro de compteur doit compter entre 4 et 20 chiffres.' };
  }
  return s;
}

export function normaliseContract(raw: string): string | FieldError {
  const s = raw.trim().toUpperCase();
  if (s.length === 0) return { field: 'contract_no', message: 'Le numéro de contrat est vide.' };
  if (s.length > 40 || !/^[A-Z0-9][A-Z0-9._/-]*$/.test(s)) {
    return { field: 'contract_no', message: 'Le numéro de contrat ne doit contenir que des lettres, des chiffres et des tirets.' };
  }
  return s;
}

function str(body: Record<string, unknown>, field: string, errors: FieldError[], max = MAX_LEN): string | null {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') {
    errors.push({ field, message: 'Ce champ doit être une chaîne de caractères.' });
    return null;
  }
  if (v.length > max) {
    errors.push({ field, message: `Ce champ est trop long (${max} caractères au plus).` });
    return null;
  }
  return v;
}

export function checkClaimInput(body: unknown): Checked<ClaimInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'La demande doit être un objet JSON, par exemple {"meter_no": "…"}.' }] };
  }
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const k of Object.keys(b)) {
    if (!ALLOWED.has(k)) errors.push({ field: k.slice(0, MAX_LEN), message: 'Ce champ n’est pas reconnu.' });
  }
  const meterRaw = str(b, 'meter_no', errors);
  const contractRaw = str(b, 'contract_no', errors);
  const cycleRaw = str(b, 'cycle', errors);
  const phoneRaw = str(b, 'phone', errors);
  const passRaw = str(b, 'pass', errors, 1024);
  let meter_no: string | null = null;
  let contract_no: string | null = null;
  if (meterRaw !== null) {
    const m = normaliseMeter(meterRaw);
    if (typeof m === 'string') meter_no = m;
    else errors.push(m);
  }
  if (contractRaw !== null) {
    const c = normaliseContract(contractRaw);
    if (typeof c === 'string') contract_no = c;
    else errors.push(c);
  }
  if (meterRaw === null && contractRaw === null && !errors.some((e) => e.field === 'meter_no' || e.field === 'contract_no')) {
    errors.push({ field: 'meter_no', message: 'Indiquez votre numéro de compteur ou votre numéro de contrat.' });
  }
  if (meterRaw !== null && contractRaw !== null) {
    errors.push({ field: 'contract_no', message: 'Indiquez soit le numéro de compteur, soit le numéro de contrat, pas les deux.' });
  }
  let cycle: string | null = null;
  if (cycleRaw !== null) {
    if (/^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$/.test(cycleRaw)) cycle = cycleRaw;
    else errors.push({ field: 'cycle', message: 'Le nom de la phase n’est pas valide (lettres, chiffres et tirets).' });
  }
  let phone: string | null = null;
  if (phoneRaw !== null && phoneRaw.trim() !== '') {
    phone = normalisePhone(phoneRaw);
    if (phone === null) {
      errors.push({ field: 'phone', message: 'Le numéro de téléphone doit être un mobile gabonais : +241 suivi de 8 chiffres.' });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { meter_no, contract_no, cycle, phone, pass: passRaw } };
}
