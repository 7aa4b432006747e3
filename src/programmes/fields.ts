/** @module The subscriber fields a rule may name, and what kind of value each holds (rules are checked against this). */
import { CATEGORIES, METERINGS, SERVICES, STS_BASE_DATES, TARIFFS } from '../domain/subscriber.js';
import type { Subscriber } from '../domain/subscriber.js';

export type FieldKind =
  | { type: 'enum'; values: readonly string[]; nullable: boolean }
  | { type: 'number'; nullable: boolean }
  | { type: 'text'; nullable: boolean };

/** Keyed by the CSV column names (docs/registry-format.md), so an operator writes rules with the names they already know. */
export const RULE_FIELDS: Readonly<Record<keyof Subscriber, FieldKind>> = {
  contract_no: { type: 'text', nullable: false },
  meter_no: { type: 'text', nullable: false },
  service: { type: 'enum', values: SERVICES, nullable: false },
  metering: { type: 'enum', values: METERINGS, nullable: false },
  tariff: { type: 'enum', values: TARIFFS, nullable: false },
  power_kw: { type: 'number', nullable: true },
  avg_monthly_use: { type: 'number', nullable: false },
  category: { type: 'enum', values: CATEGORIES, nullable: false },
  holder_name: { type: 'text', nullable: false },
  agency: { type: 'text', nullable: false },
  district: { type: 'text', nullable: false },
  phone: { type: 'text', nullable: true },
  sts_iin: { type: 'text', nullable: true },
  sts_sgc: { type: 'text', nullable: true },
  sts_ti: { type: 'text', nullable: true },
  sts_krn: { type: 'number', nullable: true },
  sts_kt: { type: 'text', nullable: true },
  sts_base_date: { type: 'enum', values: STS_BASE_DATES, nullable: true },
};

export type RuleField = keyof Subscriber;

export function isRuleField(name: string): name is RuleField {
  return Object.prototype.hasOwnProperty.call(RULE_FIELDS, name);
}
