/** @module Token identifiers (TID): minutes since the meter's base date, in 24 bits. */
// IEC 62055-41 §6.3.5. 2^24 minutes is about 31.9 years: base date 1993-01-01 ran out on 2024-11-24, which is why
// meters moved to 2014-01-01.
import { StsError } from './errors.js';

export type BaseDate = '1993-01-01' | '2014-01-01';
export const BASE_DATES: readonly BaseDate[] = ['1993-01-01', '2014-01-01'];

/** Largest TID: the 24-bit counter's last minute. */
export const MAX_TID = 0xffffff;
const MINUTE = 60_000;
const BASE_MS: Record<BaseDate, number> = { '1993-01-01': Date.UTC(1993, 0, 1), '2014-01-01': Date.UTC(2014, 0, 1) };

export function checkBaseDate(baseDate: unknown): BaseDate {
  if (baseDate !== '1993-01-01' && baseDate !== '2014-01-01') {
    throw new StsError('bad_key_data', `base date must be 1993-01-01 or 2014-01-01 (got ${JSON.stringify(baseDate)})`);
  }
  return baseDate;
}

/** The TID of an issue time: whole minutes since the base date (seconds are dropped, as a meter counts minutes). */
export function tidAt(date: Date, baseDate: BaseDate): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw new StsError('bad_date', 'issue time is not a valid date');
  const base = BASE_MS[checkBaseDate(baseDate)];
  if (ms < base) {
    throw new StsError('tid_out_of_range', `issue time ${iso(ms)} is before the meter's base date ${baseDate}`);
  }
  const tid = Math.floor((ms - base) / MINUTE);
  if (tid > MAX_TID) {
    throw new StsError(
      'tid_out_of_range',
      `issue time ${iso(ms)} is past the last minute a 24-bit TID counts from base date ${baseDate} (${iso(base + MAX_TID * MINUTE)})`,
    );
  }
  return tid;
}

/** The issue time a TID stands for (UTC, whole minute). */
export function dateOfTid(tid: number, baseDate: BaseDate): Date {
  checkTid(tid);
  return new Date(BASE_MS[checkBaseDate(baseDate)] + tid * MINUTE);
}

/**
 * The TID for a new token to a meter whose last token had `lastTid`: the current minute, or one more than the last
 * when that minute is taken. A meter refuses a TID it has seen, so two tokens to one meter never share one.
 */
export function nextTid(now: Date, baseDate: BaseDate, lastTid?: number | null): number {
  const t = tidAt(now, baseDate);
  if (lastTid === undefined || lastTid === null || t > lastTid) return t;
  checkTid(lastTid);
  if (lastTid >= MAX_TID) throw new StsError('tid_out_of_range', `no TID left after ${lastTid} on base date ${baseDate}`);
  return lastTid + 1;
}

export function checkTid(tid: number): number {
  if (!Number.isInteger(tid) || tid < 0 || tid > MAX_TID) {
    throw new StsError('tid_out_of_range', `TID must be a whole number from 0 to ${MAX_TID} (got ${tid})`);
  }
  return tid;
}

/** ISO 8601 UTC to the minute or second, without the milliseconds a TID never carries. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
