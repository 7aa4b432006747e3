/** @module Credit arithmetic: FCFA to units (kWh, m³) rounded down to 0.1, with integers only, so no credit is ever 0.1 too generous. */
import type { Benefit, Credit, Programme } from '../domain/programme.js';
import { UNIT_OF } from '../domain/subscriber.js';
import type { Subscriber, Tariff } from '../domain/subscriber.js';

/** Prices may carry up to 3 decimals (97.5, 48.125): scaled by 1000 they are whole numbers. */
export const PRICE_SCALE = 1000;
/** Bounds that keep `fcfa * 10 * PRICE_SCALE` well inside 2^53, where doubles are exact integers. */
export const MAX_PRICE = 1_000_000;
export const MAX_AMOUNT_FCFA = 1_000_000_000;

/** The price as an integer number of thousandths of a FCFA, or null if it is not a positive 3-decimal number in range. */
export function scalePrice(price: number): number | null {
  if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0 || price > MAX_PRICE) return null;
  const scaled = Math.round(price * PRICE_SCALE);
  // 97.5 * 1000 is exact; 0.1 * 1000 is 100.00000000000001: accept float noise, refuse a real 4th decimal.
  if (scaled <= 0 || Math.abs(scaled - price * PRICE_SCALE) > 1e-6) return null;
  return scaled;
}

/**
 * floor(fcfa * 10 / price) in tenths of a unit, exactly. Integer operands below 2^53 make `a % b` exact and
 * `(a - r) / b` an exact whole number: correct by construction, with no argument about float rounding needed.
 */
export function unitsTenths(fcfa: number, priceScaled: number): number {
  if (!Number.isSafeInteger(fcfa) || fcfa < 0 || fcfa > MAX_AMOUNT_FCFA) throw new RangeError(`amount out of range: ${fcfa}`);
  if (!Number.isSafeInteger(priceScaled) || priceScaled <= 0) throw new RangeError(`scaled price out of range: ${priceScaled}`);
  const a = fcfa * 10 * PRICE_SCALE;
  const r = a % priceScaled;
  return (a - r) / priceScaled;
}

/** The credit a retained subscriber gets for `benefit`: its FCFA and the units they buy at the subscriber's tariff. */
export function creditFor(programme: Programme, benefit: Benefit, subscriber: Subscriber): Credit {
  return creditAt(programme, benefit, subscriber.tariff);
}

/** Same, by tariff: a credit depends on nothing else, which lets `compileProgramme` compute each one once. */
export function creditAt(programme: Programme, benefit: Benefit, tariff: Tariff): Credit {
  const price = programme.prices[benefit.service]?.[tariff];
  const scaled = scalePrice(price as number);
  if (scaled === null) throw new RangeError(`no usable price for ${benefit.service}/${tariff} in programme ${programme.id}`);
  return { fcfa: benefit.amount_fcfa, units_tenths: unitsTenths(benefit.amount_fcfa, scaled), unit: UNIT_OF[benefit.service] };
}
