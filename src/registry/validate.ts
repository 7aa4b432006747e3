/** @module Registry row validation: one CSV record (strings, by header name) into a Subscriber, or every reason it is not one. */
import {
  CATEGORIES, METERINGS, REGISTRY_COLUMNS, SERVICES, STS_BASE_DATES, TARIFFS,
  type Category, type Metering, type Service, type StsBaseDate, type Subscriber, type Tariff,
} from '../domain/subscriber.js';
import { hasValidLuhn } from './luhn.js';
import { normalisePhone } from './phone.js';

/** Stable reason codes; scripts may match on them. The importer adds its own (see import.ts). */
export type ReasonCode =
  | 'missing_column' | 'missing_field' | 'too_long' | 'bad_text' | 'bad_encoding' | 'non_ascii_digit'
  | 'bad_contract_no' | 'bad_meter_no' | 'bad_check_digit'
  | 'bad_service' | 'bad_metering' | 'bad_tariff' | 'bad_category'
  | 'bad_power_kw' | 'bad_avg_monthly_use' | 'bad_phone'
  | 'bad_sts_iin' | 'bad_sts_sgc' | 'bad_sts_ti' | 'bad_sts_krn' | 'bad_sts_kt' | 'bad_sts_base_date'
  | 'unexpected_sts_field';

export interface Reason {
  code: string;
  field?: string;
  /** Plain English, starting with the field and the value at fault. */
  message: string;
}

export type Validation = { ok: true; subscriber: Subscriber } | { ok: false; reasons: Reason[] };

/** `code: message; code: message`, the form written to the rejects file. */
export const formatReasons = (reasons: readonly Reason[]): string =>
  reasons.map((r) => `${r.code}: ${r.message}`).join('; ');

/** Postpaid meter numbers vary by utility and vendor; 6 to 13 digits covers SEEG's and keeps typos out. */
export const POSTPAID_METER_DIGITS = { min: 6, max: 13 } as const;
/** STS decoder reference numbers: 11 digits go with IIN 600727, 13 with IIN 0000, so the PAN is always 18. */
const STS_IIN_FOR_LENGTH: Record<number, string> = { 11: '600727', 13: '0000' };

const CONTRACT_NO = /^[A-Z0-9][A-Z0-9._/-]{0,39}$/;
const DECIMAL = /^\d{1,9}(\.\d{1,3})?$/;
const DIGITS = /^\d+$/;
/** A decimal digit that is not ASCII 0-9 (Arabic-Indic, Devanagari, full-width...): refused, never converted. */
const FOREIGN_DIGIT = /(?![0-9])\p{Nd}/u;
const CONTROL = /[\u0000-\u001f\u007f]/;
const STS_FIELDS = ['sts_iin', 'sts_sgc', 'sts_ti', 'sts_krn', 'sts_kt', 'sts_base_date'] as const;
const TEXT_MAX = { holder_name: 200, agency: 100, district: 100 } as const;

/** A value as shown in a message: bounded, so a 100 KB field does not make a 100 KB reject line. */
function show(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}

const isOneOf = <T extends string>(set: readonly T[], v: string): v is T => (set as readonly string[]).includes(v);

/**
 * Validate one registry record. Values are trimmed; contract numbers are upper-cased (claims look them up
 * case-insensitively); phones are normalised to `+241XXXXXXXX`; sts_kt to two digits; text to Unicode NFC.
 * Every failing field gives one reason, so the operator can fix a row in one go.
 */
export function validateRecord(record: Readonly<Record<string, string | undefined>>): Validation {
  const reasons: Reason[] = [];
  const fail = (code: ReasonCode, field: string, message: string): void => {
    reasons.push({ code, field, message });
  };
  const bad = (code: ReasonCode, field: string, value: string, what: string): void =>
    fail(code, field, `${field} ${show(value)}: ${what}`);

  const v = {} as Record<(typeof REGISTRY_COLUMNS)[number], string>;
  for (const col of REGISTRY_COLUMNS) {
    const raw = record[col];
    if (raw === undefined) fail('missing_column', col, `${col}: no such column`);
    v[col] = raw === undefined ? '' : raw.trim();
  }
  if (reasons.length > 0) return { ok: false, reasons };

  /** Identifier and number fields: foreign digits first, since they would otherwise read as a format error. */
  const plain = (field: string, value: string, required: boolean): boolean => {
    if (value === '') {
      if (required) fail('missing_field', field, `${field} is empty`);
      return false;
    }
    if (FOREIGN_DIGIT.test(value)) {
      bad('non_ascii_digit', field, value, 'digits must be ASCII 0-9');
      return false;
    }
    return true;
  };
  const text = (field: keyof typeof TEXT_MAX, required: boolean): string => {
    const value = v[field].normalize('NFC');
    if (value === '') {
      if (required) fail('missing_field', field, `${field} is empty`);
    } else if (value.length > TEXT_MAX[field]) bad('too_long', field, value, `longer than ${TEXT_MAX[field]} characters`);
    else if (CONTROL.test(value)) bad('bad_text', field, value, 'contains a line break or control character');
    else if (value.includes('\ufffd')) bad('bad_encoding', field, value, 'not valid UTF-8 (re-save the file as UTF-8)');
    return value;
  };
  const oneOf = <T extends string>(field: string, code: ReasonCode, set: readonly T[]): T | null => {
    const value = v[field as keyof typeof v];
    if (value === '') fail('missing_field', field, `${field} is empty`);
    else if (isOneOf(set, value)) return value;
    else bad(code, field, value, `must be one of ${set.join(', ')}`);
    return null;
  };

  const contractNo = v.contract_no.toUpperCase();
  if (plain('contract_no', contractNo, true) && !CONTRACT_NO.test(contractNo)) {
    bad('bad_contract_no', 'contract_no', contractNo, 'letters, digits and . _ / - only, at most 40');
  }
  const service = oneOf<Service>('service', 'bad_service', SERVICES);
  const metering = oneOf<Metering>('metering', 'bad_metering', METERINGS);
  const tariff = oneOf<Tariff>('tariff', 'bad_tariff', TARIFFS);
  const category = oneOf<Category>('category', 'bad_category', CATEGORIES);

  const meterNo = v.meter_no;
  if (plain('meter_no', meterNo, true)) {
    if (!DIGITS.test(meterNo)) bad('bad_meter_no', 'meter_no', meterNo, 'digits only');
    else if (metering === 'prepaid') {
      if (meterNo.length !== 11 && meterNo.length !== 13) {
        bad('bad_meter_no', 'meter_no', meterNo, 'an STS meter number has 11 or 13 digits');
      } else if (!hasValidLuhn(meterNo)) bad('bad_check_digit', 'meter_no', meterNo, 'wrong check digit');
    } else if (meterNo.length < POSTPAID_METER_DIGITS.min || meterNo.length > POSTPAID_METER_DIGITS.max) {
      bad('bad_meter_no', 'meter_no', meterNo, `must have ${POSTPAID_METER_DIGITS.min} to ${POSTPAID_METER_DIGITS.max} digits`);
    }
  }

  let powerKw: number | null = null;
  if (service === 'water') {
    if (v.power_kw !== '') bad('bad_power_kw', 'power_kw', v.power_kw, 'must be empty for water');
  } else if (plain('power_kw', v.power_kw, service === 'electricity')) {
    powerKw = DECIMAL.test(v.power_kw) ? Number(v.power_kw) : NaN;
    if (!(powerKw > 0)) bad('bad_power_kw', 'power_kw', v.power_kw, 'must be a positive number of kW, like 3 or 4.5');
  }

  let avg = NaN;
  if (plain('avg_monthly_use', v.avg_monthly_use, true)) {
    if (DECIMAL.test(v.avg_monthly_use)) avg = Number(v.avg_monthly_use);
    else bad('bad_avg_monthly_use', 'avg_monthly_use', v.avg_monthly_use, 'must be a number ≥ 0, like 120 or 12.5');
  }

  const holderName = text('holder_name', true);
  const agency = text('agency', true);
  const district = text('district', false);

  let phone: string | null = null;
  if (plain('phone', v.phone, false)) {
    phone = normalisePhone(v.phone);
    if (phone === null) bad('bad_phone', 'phone', v.phone, 'not a Gabonese mobile number (+241 then 8 digits starting 60, 62, 65, 66, 74, 76 or 77)');
  }

  const sts = validateSts(v, metering, meterNo, plain, bad, fail);
  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    subscriber: {
      contract_no: contractNo, meter_no: meterNo, service: service!, metering: metering!, tariff: tariff!,
      power_kw: powerKw, avg_monthly_use: avg, category: category!,
      holder_name: holderName, agency, district, phone, ...sts,
    },
  };
}

type StsPart = Pick<Subscriber, (typeof STS_FIELDS)[number]>;
const NO_STS: StsPart = { sts_iin: null, sts_sgc: null, sts_ti: null, sts_krn: null, sts_kt: null, sts_base_date: null };

/** Prepaid rows need every STS field (the token engine cannot mint without them); postpaid rows none. */
function validateSts(
  v: Record<string, string>,
  metering: Metering | null,
  meterNo: string,
  plain: (field: string, value: string, required: boolean) => boolean,
  bad: (code: ReasonCode, field: string, value: string, what: string) => void,
  fail: (code: ReasonCode, field: string, message: string) => void,
): StsPart {
  if (metering !== 'prepaid') {
    if (metering === 'postpaid') {
      for (const f of STS_FIELDS) if (v[f] !== '') fail('unexpected_sts_field', f, `${f} must be empty on a postpaid row`);
    }
    return NO_STS;
  }
  const { sts_iin: iin, sts_sgc: sgc, sts_ti: ti, sts_krn: krn, sts_kt: kt, sts_base_date: base } = v;
  if (plain('sts_iin', iin, true)) {
    const expected = STS_IIN_FOR_LENGTH[meterNo.length];
    if (iin !== '600727' && iin !== '0000') bad('bad_sts_iin', 'sts_iin', iin, 'must be 600727 or 0000');
    else if (DIGITS.test(meterNo) && expected !== undefined && iin !== expected) {
      bad('bad_sts_iin', 'sts_iin', iin, `a ${meterNo.length}-digit meter number goes with IIN ${expected} (18-digit PAN)`);
    }
  }
  if (plain('sts_sgc', sgc, true) && !/^\d{6}$/.test(sgc)) bad('bad_sts_sgc', 'sts_sgc', sgc, 'supply group code: 6 digits');
  if (plain('sts_ti', ti, true) && !/^\d{2}$/.test(ti)) bad('bad_sts_ti', 'sts_ti', ti, 'tariff index: 2 digits');
  if (plain('sts_krn', krn, true) && !/^[1-9]$/.test(krn)) bad('bad_sts_krn', 'sts_krn', krn, 'key revision number: 1 to 9');
  // The key type is a 2-bit field (0-3); written `02` or `2`, stored as two digits like the tariff index.
  if (plain('sts_kt', kt, true) && !/^0?[0-3]$/.test(kt)) bad('bad_sts_kt', 'sts_kt', kt, 'key type: 2 digits, 00 to 03');
  if (plain('sts_base_date', base, true) && !isOneOf(STS_BASE_DATES, base)) {
    bad('bad_sts_base_date', 'sts_base_date', base, `must be ${STS_BASE_DATES.join(' or ')}`);
  }
  return {
    sts_iin: iin, sts_sgc: sgc, sts_ti: ti, sts_krn: Number(krn), sts_kt: kt.padStart(2, '0'),
    sts_base_date: base as StsBaseDate,
  };
}
