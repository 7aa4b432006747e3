/** @module Registry row validation: one CSV record (strings, by header name) into a Subscriber, or every reason it is not one. */
import {
  CATEGORIES, METERINGS, REGISTRY_COLUMNS, SERVICES, STS_BASE_DATES, TARIFFS,
  type Category, type Metering, type Service, type StsBaseDate, type Subscriber, type Tariff,
} from '../domain/subscriber.js';
import { isValidLuhn as hasValidLuhn } from '../sts/index.js';
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
 * Collects the reasons of one record. A class rather than closures: validation runs 400k times per import and
 * per-call closures were a visible share of it.
 */
class Checker {
  readonly reasons: Reason[] = [];

  fail(code: ReasonCode, field: string, message: string): void {
    this.reasons.push({ code, field, message });
  }

  bad(code: ReasonCode, field: string, value: string, what: string): void {
    this.fail(code, field, `${field} ${show(value)}: ${what}`);
  }

  /** An identifier or number: empty (reported if required) or matching `format`; else its reason, foreign digits first. */
  format(field: string, value: string, required: boolean, format: RegExp, code: ReasonCode, what: string): boolean {
    if (value === '') {
      if (required) this.fail('missing_field', field, `${field} is empty`);
      return false;
    }
    if (format.test(value)) return true;
    if (FOREIGN_DIGIT.test(value)) this.bad('non_ascii_digit', field, value, 'digits must be ASCII 0-9');
    else this.bad(code, field, value, what);
    return false;
  }

  text(field: keyof typeof TEXT_MAX, raw: string, required: boolean): string {
    // Printable ASCII, the common case, needs no further look.
    const value = PRINTABLE_ASCII.test(raw) ? raw : raw.normalize('NFC');
    if (value === '') {
      if (required) this.fail('missing_field', field, `${field} is empty`);
    } else if (value.length > TEXT_MAX[field]) this.bad('too_long', field, value, `longer than ${TEXT_MAX[field]} characters`);
    else if (value !== raw || !PRINTABLE_ASCII.test(value)) {
      if (CONTROL.test(value)) this.bad('bad_text', field, value, 'contains a line break or control character');
      else if (value.includes('\ufffd')) this.bad('bad_encoding', field, value, 'not valid UTF-8 (re-save the file as UTF-8)');
    }
    return value;
  }

  oneOf<T extends string>(field: string, value: string, code: ReasonCode, set: readonly T[]): T | null {
    if (value === '') this.fail('missing_field', field, `${field} is empty`);
    else if (isOneOf(set, value)) return value;
    else this.bad(code, field, value, `must be one of ${set.join(', ')}`);
    return null;
  }
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Validate one registry record. Values are trimmed; contract numbers are upper-cased (claims look them up
 * case-insensitively); phones are normalised to `+241XXXXXXXX`; sts_kt to two digits; text to Unicode NFC.
 * Every failing field gives one reason, so the operator can fix a row in one go.
 */
export function validateRecord(record: Readonly<Record<string, string | undefined>>): Validation {
  const c = new Checker();
  for (const col of REGISTRY_COLUMNS) if (record[col] === undefined) c.fail('missing_column', col, `${col}: no such column`);
  if (c.reasons.length > 0) return { ok: false, reasons: c.reasons };
  const v = record as Readonly<Record<(typeof REGISTRY_COLUMNS)[number], string>>;

  const contractNo = v.contract_no.trim().toUpperCase();
  c.format('contract_no', contractNo, true, CONTRACT_NO, 'bad_contract_no', 'letters, digits and . _ / - only, at most 40');
  const service = c.oneOf('service', v.service.trim(), 'bad_service', SERVICES);
  const metering = c.oneOf('metering', v.metering.trim(), 'bad_metering', METERINGS);
  const tariff = c.oneOf('tariff', v.tariff.trim(), 'bad_tariff', TARIFFS);
  const category = c.oneOf('category', v.category.trim(), 'bad_category', CATEGORIES);

  const meterNo = v.meter_no.trim();
  if (c.format('meter_no', meterNo, true, DIGITS, 'bad_meter_no', 'digits only')) {
    if (metering === 'prepaid') {
      if (meterNo.length !== 11 && meterNo.length !== 13) {
        c.bad('bad_meter_no', 'meter_no', meterNo, 'an STS meter number has 11 or 13 digits');
      } else if (!hasValidLuhn(meterNo)) c.bad('bad_check_digit', 'meter_no', meterNo, 'wrong check digit');
    } else if (meterNo.length < POSTPAID_METER_DIGITS.min || meterNo.length > POSTPAID_METER_DIGITS.max) {
      c.bad('bad_meter_no', 'meter_no', meterNo, `must have ${POSTPAID_METER_DIGITS.min} to ${POSTPAID_METER_DIGITS.max} digits`);
    }
  }

  let powerKw: number | null = null;
  const power = v.power_kw.trim();
  if (service === 'water') {
    if (power !== '') c.bad('bad_power_kw', 'power_kw', power, 'must be empty for water');
  } else if (c.format('power_kw', power, service === 'electricity', DECIMAL, 'bad_power_kw', 'must be a positive number of kW, like 3 or 4.5')) {
    powerKw = Number(power);
    if (powerKw === 0) c.bad('bad_power_kw', 'power_kw', power, 'must be a positive number of kW, like 3 or 4.5');
  }

  const use = v.avg_monthly_use.trim();
  const avg = c.format('avg_monthly_use', use, true, DECIMAL, 'bad_avg_monthly_use', 'must be a number ≥ 0, like 120 or 12.5') ? Number(use) : NaN;

  const holderName = c.text('holder_name', v.holder_name.trim(), true);
  const agency = c.text('agency', v.agency.trim(), true);
  const district = c.text('district', v.district.trim(), false);

  let phone: string | null = null;
  const rawPhone = v.phone.trim();
  if (rawPhone !== '') {
    phone = normalisePhone(rawPhone);
    if (phone === null && FOREIGN_DIGIT.test(rawPhone)) c.bad('non_ascii_digit', 'phone', rawPhone, 'digits must be ASCII 0-9');
    else if (phone === null) c.bad('bad_phone', 'phone', rawPhone, 'not a Gabonese mobile number (+241 then 8 digits starting 60, 62, 65, 66, 74, 76 or 77)');
  }

  const sts = validateSts(c, v, metering, meterNo);
  if (c.reasons.length > 0) return { ok: false, reasons: c.reasons };
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
function validateSts(c: Checker, v: Readonly<Record<string, string>>, metering: Metering | null, meterNo: string): StsPart {
  if (metering !== 'prepaid') {
    if (metering === 'postpaid') {
      for (const f of STS_FIELDS) if (v[f].trim() !== '') c.fail('unexpected_sts_field', f, `${f} must be empty on a postpaid row`);
    }
    return NO_STS;
  }
  const iin = v.sts_iin.trim();
  const sgc = v.sts_sgc.trim();
  const ti = v.sts_ti.trim();
  const krn = v.sts_krn.trim();
  const kt = v.sts_kt.trim();
  const base = v.sts_base_date.trim();
  if (c.format('sts_iin', iin, true, /^(600727|0000)$/, 'bad_sts_iin', 'must be 600727 or 0000')) {
    const expected = STS_IIN_FOR_LENGTH[meterNo.length];
    if (DIGITS.test(meterNo) && expected !== undefined && iin !== expected) {
      c.bad('bad_sts_iin', 'sts_iin', iin, `a ${meterNo.length}-digit meter number goes with IIN ${expected} (18-digit PAN)`);
    }
  }
  c.format('sts_sgc', sgc, true, /^\d{6}$/, 'bad_sts_sgc', 'supply group code: 6 digits');
  c.format('sts_ti', ti, true, /^\d{2}$/, 'bad_sts_ti', 'tariff index: 2 digits');
  c.format('sts_krn', krn, true, /^[1-9]$/, 'bad_sts_krn', 'key revision number: 1 to 9');
  // The key type is a 2-bit field (0-3); written `02` or `2`, stored as two digits like the tariff index.
  c.format('sts_kt', kt, true, /^0?[0-3]$/, 'bad_sts_kt', 'key type: 2 digits, 00 to 03');
  if (base === '') c.fail('missing_field', 'sts_base_date', 'sts_base_date is empty');
  else if (!isOneOf(STS_BASE_DATES, base)) c.bad('bad_sts_base_date', 'sts_base_date', base, `must be ${STS_BASE_DATES.join(' or ')}`);
  return {
    sts_iin: iin, sts_sgc: sgc, sts_ti: ti, sts_krn: Number(krn), sts_kt: kt.padStart(2, '0'),
    sts_base_date: base as StsBaseDate,
  };
}
