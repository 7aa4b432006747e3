/** @module Transfer amounts: 16 bits of exponent and mantissa in tenths of a unit, exact or refused. */
// IEC 62055-41 §6.3.6.2: 2-bit exponent e, 14-bit mantissa m. e = 0 carries m itself; e > 0 carries
// m·10^e + Σ(n=1..e) 2^14·10^(n-1), so the four ranges follow each other without overlap: 0..16383,
// 16384..180214 by 10, 180224..1818524 by 100, 1818624..18201624 by 1000 (tenths). The standard rounds an
// in-between amount up in the customer's favour; Guichet refuses it instead, so a credit is never silently changed.
import { StsError } from './errors.js';

const MANTISSA_MAX = 0x3fff;
/** First amount (tenths) of each exponent's range, and the step within it. */
const OFFSET = [0, 16384, 180224, 1818624] as const;
const STEP = [1, 10, 100, 1000] as const;
const top = (e: number): number => OFFSET[e] + MANTISSA_MAX * STEP[e];

/** The largest amount a token can carry: 18,201,624 tenths (1,820,162.4 units). */
export const MAX_TENTHS = top(3);

/** Tenths -> 16-bit amount field. Throws `bad_amount` or `amount_not_encodable` (with the nearest amounts that are). */
export function encodeAmount(tenths: number): number {
  if (!Number.isSafeInteger(tenths) || tenths < 0) {
    throw new StsError('bad_amount', `amount must be a whole, non-negative number of tenths (got ${tenths})`);
  }
  for (let e = 3; e >= 0; e--) {
    if (tenths < OFFSET[e]) continue;
    const over = tenths - OFFSET[e];
    if (tenths <= top(e) && over % STEP[e] === 0) return (e << 14) | (over / STEP[e]);
    break;
  }
  const { below, above } = nearestEncodable(tenths);
  const around = above === null ? `the largest is ${units(below)}` : `the nearest are ${units(below)} and ${units(above)}`;
  throw new StsError('amount_not_encodable', `an STS token cannot carry exactly ${units(tenths)} units: ${around}`);
}

/** 16-bit amount field -> tenths. */
export function decodeAmount(field: number): number {
  const e = (field >>> 14) & 3;
  return OFFSET[e] + (field & MANTISSA_MAX) * STEP[e];
}

/** True when a token can carry exactly this many tenths. */
export function isEncodable(tenths: number): boolean {
  if (!Number.isSafeInteger(tenths) || tenths < 0 || tenths > MAX_TENTHS) return false;
  const e = tenths >= OFFSET[3] ? 3 : tenths >= OFFSET[2] ? 2 : tenths >= OFFSET[1] ? 1 : 0;
  return tenths <= top(e) && (tenths - OFFSET[e]) % STEP[e] === 0;
}

/** The encodable amounts on either side of `tenths` (equal to it when it is encodable); `above` is null past the maximum. */
export function nearestEncodable(tenths: number): { below: number; above: number | null } {
  if (tenths >= MAX_TENTHS) return { below: MAX_TENTHS, above: tenths === MAX_TENTHS ? MAX_TENTHS : null };
  const e = tenths >= OFFSET[3] ? 3 : tenths >= OFFSET[2] ? 2 : tenths >= OFFSET[1] ? 1 : 0;
  // Between the top of range e and the start of range e+1 nothing is encodable.
  if (tenths > top(e)) return { below: top(e), above: OFFSET[e + 1] };
  const below = OFFSET[e] + Math.floor((tenths - OFFSET[e]) / STEP[e]) * STEP[e];
  if (below === tenths) return { below, above: tenths };
  return { below, above: below + STEP[e] <= top(e) ? below + STEP[e] : OFFSET[e + 1] };
}

/** The largest encodable amount not above `tenths`: for a caller that must round a credit down, never up. */
export function roundDownToEncodable(tenths: number): number {
  if (!Number.isSafeInteger(tenths) || tenths < 0) {
    throw new StsError('bad_amount', `amount must be a whole, non-negative number of tenths (got ${tenths})`);
  }
  return nearestEncodable(tenths).below;
}

/**
 * Parses a decimal amount in units ("0.7", "1638.4", "25") into tenths without going through a float,
 * so 0.7 is 7 tenths, never 6.999…. A finer amount ("0.15") cannot be carried and is refused.
 */
export function parseUnits(text: string): number {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) throw new StsError('bad_amount', `amount must be a decimal number of units such as 12 or 0.7 (got "${text}")`);
  const frac = m[2] ?? '0';
  if (/[1-9]/.test(frac.slice(1))) {
    throw new StsError('amount_not_encodable', `an STS token carries tenths of a unit: ${text.trim()} is finer than 0.1`);
  }
  const tenths = Number(m[1]) * 10 + Number(frac[0]);
  if (!Number.isSafeInteger(tenths)) throw new StsError('amount_not_encodable', `amount ${text.trim()} is far above the largest a token can carry`);
  return tenths;
}

/** Tenths as a number of units: 7 -> 0.7 (the shortest decimal, so exact for any whole number of tenths). */
export const tenthsToUnits = (tenths: number): number => tenths / 10;

const units = (tenths: number): string => String(tenths / 10);
