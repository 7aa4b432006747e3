/** @module Subscriber: one row of the utility's registry (docs/registry-format.md). Field names follow the CSV columns so programme rules can name them. */

export type Service = 'electricity' | 'water';
export type Metering = 'prepaid' | 'postpaid';
export type Tariff = 'social' | 'general';
export type Category = 'particulier' | 'professionnel' | 'administration';
export type StsBaseDate = '1993-01-01' | '2014-01-01';

export const SERVICES: readonly Service[] = ['electricity', 'water'];
export const METERINGS: readonly Metering[] = ['prepaid', 'postpaid'];
export const TARIFFS: readonly Tariff[] = ['social', 'general'];
export const CATEGORIES: readonly Category[] = ['particulier', 'professionnel', 'administration'];
export const STS_BASE_DATES: readonly StsBaseDate[] = ['1993-01-01', '2014-01-01'];

/** The unit a service's credit is counted in. */
export const UNIT_OF: Record<Service, 'kWh' | 'm3'> = { electricity: 'kWh', water: 'm3' };

export interface Subscriber {
  contract_no: string;
  meter_no: string;
  service: Service;
  metering: Metering;
  tariff: Tariff;
  /** Subscribed power in kW; null for water. */
  power_kw: number | null;
  /** Average monthly use, kWh or m3. */
  avg_monthly_use: number;
  category: Category;
  holder_name: string;
  agency: string;
  district: string;
  /** `+241` and 8 digits, or null. */
  phone: string | null;
  /** STS key data: all set on prepaid rows, all null on postpaid rows. */
  sts_iin: string | null;
  sts_sgc: string | null;
  sts_ti: string | null;
  sts_krn: number | null;
  sts_kt: string | null;
  sts_base_date: StsBaseDate | null;
}

/** A subscriber as stored, with the store's id (what credits and the in-memory index refer to). */
export type StoredSubscriber = Subscriber & { id: number };

/** The columns of the registry CSV, in the order `demo-data` writes them. */
export const REGISTRY_COLUMNS = [
  'contract_no', 'meter_no', 'service', 'metering', 'tariff', 'power_kw', 'avg_monthly_use', 'category',
  'holder_name', 'agency', 'district', 'phone', 'sts_iin', 'sts_sgc', 'sts_ti', 'sts_krn', 'sts_kt', 'sts_base_date',
] as const satisfies readonly (keyof Subscriber)[];
