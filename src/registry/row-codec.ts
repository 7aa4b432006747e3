/** @module Validated rows as one string per batch: cheap to keep alive while a batch fills, and to pass between threads (structured-cloning 400k objects cost more than the writes). */
import type { Subscriber } from '../domain/subscriber.js';

/**
 * ASCII unit separator: validation refuses control characters in every field, so it cannot occur in a value.
 * Every row has exactly FIELDS fields, so rows need no separator of their own: one join here, one split there.
 */
const US = '\u001f';
const FIELDS = 18;

const opt = (v: string | number | null): string => (v === null ? '' : String(v));

/** One row as FIELDS values joined by the separator; nulls are empty. Built with join(), which makes one flat string (`+` would leave a tree of 35 pieces for the GC to copy while the batch fills). */
export function packRow(s: Subscriber): string {
  return [
    s.contract_no, s.meter_no, s.service, s.metering, s.tariff, opt(s.power_kw), String(s.avg_monthly_use), s.category,
    s.holder_name, s.agency, s.district, opt(s.phone), opt(s.sts_iin), opt(s.sts_sgc), opt(s.sts_ti), opt(s.sts_krn),
    opt(s.sts_kt), opt(s.sts_base_date),
  ].join(US);
}

/** packRow() results as one batch string. */
export const joinPacked = (rows: readonly string[]): string => rows.join(US);

export const packRows = (rows: readonly Subscriber[]): string => joinPacked(rows.map(packRow));

const orNull = (v: string): string | null => (v === '' ? null : v);

/** Inverse of packRows; numbers survive exactly (String and Number round-trip every double). */
export function unpackRows(packed: string): Subscriber[] {
  if (packed === '') return [];
  const f = packed.split(US);
  const rows = new Array<Subscriber>(f.length / FIELDS);
  for (let i = 0, j = 0; j < f.length; i++, j += FIELDS) {
    rows[i] = {
      contract_no: f[j], meter_no: f[j + 1], service: f[j + 2], metering: f[j + 3], tariff: f[j + 4],
      power_kw: f[j + 5] === '' ? null : Number(f[j + 5]), avg_monthly_use: Number(f[j + 6]), category: f[j + 7],
      holder_name: f[j + 8], agency: f[j + 9], district: f[j + 10], phone: orNull(f[j + 11]), sts_iin: orNull(f[j + 12]),
      sts_sgc: orNull(f[j + 13]), sts_ti: orNull(f[j + 14]), sts_krn: f[j + 15] === '' ? null : Number(f[j + 15]),
      sts_kt: orNull(f[j + 16]), sts_base_date: orNull(f[j + 17]),
    } as Subscriber;
  }
  return rows;
}
