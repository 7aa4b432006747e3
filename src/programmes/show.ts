/** @module A programme as an operator reads it: cycles, states, benefits with their rules, prices and budgets (French). */
import type { Cycle, Programme } from '../domain/programme.js';
import { TARIFFS } from '../domain/subscriber.js';
import type { Service } from '../domain/subscriber.js';
import { creditAt } from './credit.js';
import { openCycle } from './decide.js';
import { describeRule } from './describe.js';
import { formatDate, formatFcfa, formatNumber, formatTenths, unitLabel } from './format.js';
import { UNIT_OF } from '../domain/subscriber.js';
import type { ProgrammeExtras } from './types.js';

const STATE: Record<Cycle['state'], string> = { scheduled: 'programmé, pas encore ouvert', open: 'ouvert', closed: 'clos' };
const SERVICE: Record<Service, string> = { electricity: 'électricité', water: 'eau' };
const TARIFF: Record<string, string> = { social: 'social', general: 'général' };

export function showProgramme(p: Programme, opts: { loadedAt: string | null; inForce: boolean }): string {
  const out: string[] = [];
  out.push(`Programme ${p.id} — ${p.name}${opts.inForce ? '   [en vigueur]' : ''}`);
  out.push(opts.loadedAt ? `  chargé le ${opts.loadedAt}` : '  programme intégré (non chargé dans le stockage)');
  const description = (p as Programme & ProgrammeExtras).description;
  if (description) out.push(`  ${description}`);
  out.push('  Prix par unité :');
  for (const service of Object.keys(p.prices) as Service[]) {
    const unit = unitLabel(UNIT_OF[service]);
    const prices = TARIFFS.map((t) => `${TARIFF[t]} ${formatNumber(p.prices[service][t], 'fr')} FCFA/${unit}`);
    out.push(`    ${SERVICE[service].padEnd(11)} : ${prices.join(', ')}`);
  }
  const open = openCycle(p);
  for (const c of p.cycles) {
    out.push('');
    out.push(`  Cycle ${c.id} — ${c.label} : ${STATE[c.state]}${open?.id === c.id ? ' (cycle par défaut des demandes)' : ''}`);
    if (c.opens_at) out.push(`    ouverture : ${formatDate(c.opens_at, 'fr')}`);
    if (c.closes_at) out.push(`    clôture : ${formatDate(c.closes_at, 'fr')}`);
    out.push(`    budget : ${c.budget_fcfa === null ? 'sans plafond' : formatFcfa(c.budget_fcfa, 'fr')}`);
    for (const b of c.benefits) {
      const units = TARIFFS.map((t) => {
        const credit = creditAt(p, b, t);
        return `${formatTenths(credit.units_tenths, 'fr')} ${unitLabel(credit.unit)} au tarif ${TARIFF[t]}`;
      });
      out.push(`    ${SERVICE[b.service]} : ${formatFcfa(b.amount_fcfa, 'fr')} (${units.join(', ')})`);
      out.push(`      retenus si : ${describeRule(b.rule, b.service)}`);
    }
  }
  return out.join('\n') + '\n';
}
