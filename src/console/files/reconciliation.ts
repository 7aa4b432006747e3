/**
 * @module The reconciliation for the State: what was issued, by agency, service and metering, each cycle's budget
 * used against its envelope, and the journal's entry count and head hash (the figure `guichet journal verify`
 * prints), all read at one moment, as a page to print and as CSV.
 */
import type { Programme } from '../../domain/programme.js';
import { spendKey } from '../../domain/credit.js';
import { cell } from '../../lib/csv.js';
import type { CreditTotal, Store } from '../../store/contract.js';

export interface Reconciliation {
  at: string;
  programme: { id: string; name: string };
  rows: CreditTotal[];
  credits: number;
  fcfa: number;
  budget: { cycle: string; label: string; credits: number; spent_fcfa: number; envelope_fcfa: number | null }[];
  journal: { entries: number; head: string };
}

export async function reconciliation(store: Store, programme: Programme, now: Date): Promise<Reconciliation> {
  const [all, spend, journal] = await Promise.all([store.claims.totals(), store.claims.spendByCycle(), store.claims.journalHead()]);
  const rows = all.filter((r) => r.programme_id === programme.id).map((r) => ({ ...r, credits: Number(r.credits), fcfa: Number(r.fcfa) }));
  return {
    at: now.toISOString(), programme: { id: programme.id, name: programme.name }, rows,
    credits: rows.reduce((a, r) => a + r.credits, 0), fcfa: rows.reduce((a, r) => a + r.fcfa, 0),
    budget: programme.cycles.map((c) => ({
      cycle: c.id, label: c.label, credits: rows.filter((r) => r.cycle === c.id).reduce((a, r) => a + r.credits, 0),
      spent_fcfa: Number(spend.get(spendKey(programme.id, c.id)) ?? 0), envelope_fcfa: c.budget_fcfa,
    })),
    journal: { entries: journal.seq, head: journal.hash },
  };
}

export const RECONCILIATION_COLUMNS = ['kind', 'programme_id', 'cycle', 'agency', 'service', 'metering', 'credits', 'fcfa', 'envelope_fcfa', 'value'] as const;

/** One table for a spreadsheet: a `kind` per line (credits, budget, journal_entries, journal_head, generated_at). */
export function reconciliationCsv(r: Reconciliation): string {
  const line = (v: (string | number | null)[]) => v.map((x) => (x === null ? '' : cell(x))).join(',') + '\n';
  let out = line([...RECONCILIATION_COLUMNS]);
  for (const x of r.rows) out += line(['credits', x.programme_id, x.cycle, x.agency, x.service, x.metering, x.credits, x.fcfa, null, null]);
  for (const b of r.budget) out += line(['budget', r.programme.id, b.cycle, null, null, null, b.credits, b.spent_fcfa, b.envelope_fcfa, null]);
  out += line(['journal_entries', null, null, null, null, null, null, null, null, r.journal.entries]);
  out += line(['journal_head', null, null, null, null, null, null, null, null, r.journal.head]);
  out += line(['generated_at', null, null, null, null, null, null, null, null, r.at]);
  return out;
}
