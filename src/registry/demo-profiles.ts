/** @module Who is in a demo registry: the kinds of subscriber, and which the demo programme's phases retain. */
import type { Category, Service, Tariff } from '../domain/subscriber.js';
import { Weighted, type Prng } from './prng.js';

/** What a kind of subscriber looks like before names, places and numbers are drawn. */
export interface Profile {
  service: Service;
  tariff: Tariff;
  category: Category;
  /** Subscribed power in kW (electricity), null for water. */
  power_kw: number | null;
  /** Average monthly use in tenths of a kWh or m3: integers keep the output exact. */
  use_tenths: number;
  /** Chance of an STS prepaid meter (ignored where the caller fixes the metering). */
  prepaid: number;
}

const kwh = (rng: Prng, min: number, max: number): number => rng.range(min, max) * 10;

/**
 * Phase-1 electricity (the built-in programme, gratuite-2020.json): particulier with social 1-2 kW or general 3-6 kW. Social 1-2 kW are also
 * retained by phase-2 (social, ≤ 3 kW); general 3 and 6 kW are not, so phase-2 refuses some phase-1 subscribers.
 */
const RETAINED_ELECTRICITY = new Weighted<(rng: Prng) => Profile>([
  [(rng) => elec('social', 'particulier', 1, kwh(rng, 50, 160)), 30],
  [(rng) => elec('social', 'particulier', 2, kwh(rng, 90, 250)), 30],
  [(rng) => elec('general', 'particulier', 3, kwh(rng, 150, 400)), 28],
  [(rng) => elec('general', 'particulier', 6, kwh(rng, 250, 700)), 12],
]);

/** Phase-1 water: every particulier. Phase-2 keeps those using ≤ 15 m3 a month: a little over half. */
function retainedWater(rng: Prng): Profile {
  const tenths = rng.next() < 0.55 ? rng.range(30, 150) : rng.range(151, 450);
  return { service: 'water', tariff: rng.next() < 0.6 ? 'social' : 'general', category: 'particulier', power_kw: null, use_tenths: tenths, prepaid: 0.04 };
}

/** Rows phase-1 does not retain: other power levels, businesses, public buildings. Some phase-2 retains (social 3 kW). */
const OTHERS = new Weighted<(rng: Prng) => Profile>([
  [(rng) => ({ ...elec('social', 'particulier', 3, kwh(rng, 150, 320)), prepaid: 0.25 }), 18],
  [(rng) => elec('social', 'particulier', rng.pick([6, 9]), kwh(rng, 250, 600)), 6],
  [(rng) => elec('general', 'particulier', rng.pick([9, 12, 15]), kwh(rng, 400, 1200)), 10],
  [(rng) => elec('general', 'particulier', rng.pick([1, 2]), kwh(rng, 60, 200)), 4],
  [(rng) => ({ ...elec(rng.next() < 0.9 ? 'general' : 'social', 'professionnel', rng.pick([3, 6, 9, 12, 18, 24, 36]), kwh(rng, 300, 3000)), prepaid: 0.1 }), 22],
  [(rng) => ({ ...elec('general', 'administration', rng.pick([6, 9, 12, 24, 36, 60]), kwh(rng, 800, 8000)), prepaid: 0 }), 8],
  [(rng) => water('professionnel', rng.range(200, 2000)), 22],
  [(rng) => water('administration', rng.range(300, 4000)), 10],
]);

function elec(tariff: Tariff, category: Category, power: number, useTenths: number): Profile {
  return { service: 'electricity', tariff, category, power_kw: power, use_tenths: useTenths, prepaid: 0.22 };
}

function water(category: Category, useTenths: number): Profile {
  return { service: 'water', tariff: 'general', category, power_kw: null, use_tenths: useTenths, prepaid: 0.02 };
}

export const retainedElectricityProfile = (rng: Prng): Profile => RETAINED_ELECTRICITY.pick(rng)(rng);
export const retainedWaterProfile = retainedWater;
export const otherProfile = (rng: Prng): Profile => OTHERS.pick(rng)(rng);

/** STS tariff index by service and tariff, as a utility would number its vending tariffs. */
export function stsTariffIndex(service: Service, tariff: Tariff, category: Category): string {
  if (service === 'water') return tariff === 'social' ? '11' : '12';
  if (category !== 'particulier') return '03';
  return tariff === 'social' ? '01' : '02';
}
