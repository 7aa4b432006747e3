/**
 * @module A programme as an operator reads it on the command line (in English, like every command): cycles, states,
 * benefits with their rules, prices and budgets. What the programme's author wrote (names, labels, description) is
 * shown as written.
 */
import type { Cycle, Programme } from '../domain/programme.js';
import { TARIFFS } from '../domain/subscriber.js';
import type { Service } from '../domain/subscriber.js';
import { creditAt } from './credit.js';
import { openCycle } from './decide.js';
import { describeRule } from './describe.js';
import { formatDate, formatFcfa, formatNumber, formatTenths, unitLabel } from './format.js';
import { UNIT_OF } from '../domain/subscriber.js';
import type { ProgrammeExtras } from './types.js';

const STATE: Record<Cycle['state'], string> = { scheduled: 'scheduled, not open yet', open: 'open', closed: 'closed' };

export function showProgramme(p: Programme, opts: { loadedAt: string | null; inForce: boolean }): string {
  const out: string[] = [];
  out.push(`Programme ${p.id} — ${p.name}${opts.inForce ? '   [in force]' : ''}`);
  out.push(opts.loadedAt ? `  loaded at ${opts.loadedAt}` : '  built-in programme (not loaded into the store)');
  const description = (p as Programme & ProgrammeExtras).description;
  if (description) out.push(`  ${description}`);
  out.push('  Prices per unit:');
  for (const service of Object.keys(p.prices) as Service[]) {
    const unit = unitLabel(UNIT_OF[service]);
    const prices = TARIFFS.map((t) => `${t} ${formatNumber(p.prices[service][t], 'en')} FCFA/${unit}`);
    out.push(`    ${`${service}:`.padEnd(12)} ${prices.join(', ')}`);
  }
  const open = openCycle(p);
  for (const c of p.cycles) {
    out.push('');
    const label = c.label_en && c.label_en !== c.label ? `${c.label} / ${c.label_en}` : c.label;
    out.push(`  Cycle ${c.id} — ${label}: ${STATE[c.state]}${open?.id === c.id ? ' (the default cycle of claims)' : ''}`);
    if (c.opens_at) out.push(`    opens: ${formatDate(c.opens_at, 'en')}`);
    if (c.closes_at) out.push(`    closes: ${formatDate(c.closes_at, 'en')}`);
    out.push(`    budget: ${c.budget_fcfa === null ? 'no ceiling' : formatFcfa(c.budget_fcfa, 'en')}`);
    for (const b of c.benefits) {
      const units = TARIFFS.map((t) => {
        const credit = creditAt(p, b, t);
        return `${formatTenths(credit.units_tenths, 'en')} ${unitLabel(credit.unit)} on the ${t} tariff`;
      });
      out.push(`    ${b.service}: ${formatFcfa(b.amount_fcfa, 'en')} (${units.join(', ')})`);
      out.push(`      retained if: ${describeRule(b.rule, b.service)}`);
    }
  }
  return out.join('\n') + '\n';
}
