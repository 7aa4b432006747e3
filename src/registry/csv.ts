/** @module Writing CSV (RFC 4180): the registry files demo-data makes and the rejects files imports leave. */
import { REGISTRY_COLUMNS, type Subscriber } from '../domain/subscriber.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted (quotes doubled) only when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record and its LF line end. */
export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i === 0 ? '' : ',') + csvField(fields[i]);
  return `${line}\n`;
}

export const REGISTRY_HEADER = csvLine(REGISTRY_COLUMNS);

const f = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : csvField(v));

/** A subscriber as a registry row, in REGISTRY_COLUMNS order; null is an empty field. */
export function subscriberCsvLine(s: Subscriber): string {
  return `${f(s.contract_no)},${f(s.meter_no)},${s.service},${s.metering},${s.tariff},${f(s.power_kw)},${f(s.avg_monthly_use)},${s.category},${f(s.holder_name)},${f(s.agency)},${f(s.district)},${f(s.phone)},${f(s.sts_iin)},${f(s.sts_sgc)},${f(s.sts_ti)},${f(s.sts_krn)},${f(s.sts_kt)},${f(s.sts_base_date)}\n`;
}
