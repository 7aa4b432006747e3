/**
 * @module Rules written back as text for operators (`guichet programme show`): the registry's column names, as a
 * programme file names them, so what is shown is what to write.
 */
import type { Rule } from '../domain/programme.js';
import { UNIT_OF } from '../domain/subscriber.js';
import type { Service } from '../domain/subscriber.js';
import { formatNumber } from './format.js';
import type { Leaf } from './rules.js';

const OPS: Record<Leaf['op'], string> = {
  eq: '=', ne: '≠', in: 'in', not_in: 'not in', lt: '<', lte: '≤', gt: '>', gte: '≥', between: 'between',
};

/**
 * `category = particulier and ((tariff = social and power_kw in {1, 2} kW) or (…))`. With the benefit's service,
 * consumption gets its unit (kWh or m³).
 */
export function describeRule(rule: Rule, service?: Service): string {
  const nested = (r: Rule) => ('field' in r || 'not' in r ? describeRule(r, service) : `(${describeRule(r, service)})`);
  if ('all' in rule) return rule.all.map(nested).join(' and ');
  if ('any' in rule) return rule.any.map(nested).join(' or ');
  if ('not' in rule) return `not (${describeRule(rule.not, service)})`;
  return leaf(rule, service);
}

function leaf(l: Leaf, service: Service | undefined): string {
  const use = service && UNIT_OF[service] === 'm3' ? ' m³' : service ? ' kWh' : '';
  const unit = l.field === 'power_kw' ? ' kW' : l.field === 'avg_monthly_use' ? use : '';
  const v = (x: string | number | null) => (x === null ? 'empty' : typeof x === 'number' ? formatNumber(x, 'en') : x);
  switch (l.op) {
    case 'in':
    case 'not_in':
      return `${l.field} ${OPS[l.op]} {${l.values.map(v).join(', ')}}${unit}`;
    case 'between':
      return `${l.field} between ${v(l.min)} and ${v(l.max)}${unit}`;
    default:
      return `${l.field} ${OPS[l.op]} ${v(l.value)}${l.value === null ? '' : unit}`;
  }
}
