/** @module Rules written back as readable French-ish text for operators (`guichet programme show`). */
import type { Rule } from '../domain/programme.js';
import { UNIT_OF } from '../domain/subscriber.js';
import type { Service } from '../domain/subscriber.js';
import { formatNumber } from './format.js';
import type { Leaf } from './rules.js';

const LABELS: Record<string, string> = {
  contract_no: 'n° de contrat', meter_no: 'n° de compteur', service: 'service', metering: 'comptage', tariff: 'tarif',
  power_kw: 'puissance', avg_monthly_use: 'consommation moyenne', category: 'catégorie', holder_name: 'titulaire',
  agency: 'agence', district: 'quartier', phone: 'téléphone',
};
const OPS: Record<Leaf['op'], string> = {
  eq: '=', ne: '≠', in: 'parmi', not_in: 'hors de', lt: '<', lte: '≤', gt: '>', gte: '≥', between: 'entre',
};

/**
 * `catégorie = particulier et ((tarif = social et puissance parmi {1, 2} kW) ou (…))`. With the benefit's service,
 * consumption gets its unit (kWh or m³).
 */
export function describeRule(rule: Rule, service?: Service): string {
  const nested = (r: Rule) => ('field' in r || 'not' in r ? describeRule(r, service) : `(${describeRule(r, service)})`);
  if ('all' in rule) return rule.all.map(nested).join(' et ');
  if ('any' in rule) return rule.any.map(nested).join(' ou ');
  if ('not' in rule) return `non (${describeRule(rule.not, service)})`;
  return leaf(rule, service);
}

function leaf(l: Leaf, service: Service | undefined): string {
  const name = LABELS[l.field] ?? l.field;
  const use = service && UNIT_OF[service] === 'm3' ? ' m³' : service ? ' kWh' : '';
  const unit = l.field === 'power_kw' ? ' kW' : l.field === 'avg_monthly_use' ? use : '';
  const v = (x: string | number | null) => (x === null ? 'vide' : typeof x === 'number' ? formatNumber(x, 'fr') : x);
  switch (l.op) {
    case 'in':
    case 'not_in':
      return `${name} ${OPS[l.op]} {${l.values.map(v).join(', ')}}${unit}`;
    case 'between':
      return `${name} entre ${v(l.min)} et ${v(l.max)}${unit}`;
    default:
      return `${name} ${OPS[l.op]} ${v(l.value)}${l.value === null ? '' : unit}`;
  }
}
