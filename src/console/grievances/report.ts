/** @module The grievance report as the console shows and exports it: totals, acceptance per rule with the contested rules singled out, the CSV. */
import { csvRecord } from '../../lib/csv.js';
import type { GrievanceReport } from '../../grievances/port.js';

export interface RuleRate {
  rule: string;
  decided: number;
  accepted: number;
  /** Whole per cent of decided grievances on this rule that were accepted. */
  pct: number;
  /** Successfully contested often enough to put the rule in question. */
  flagged: boolean;
}

/** A rule is flagged when at least half the decided grievances against it were accepted, over enough of them to mean something. */
export const FLAG_PCT = 50;
export const FLAG_MIN_DECIDED = 3;

/** Highest acceptance first (then most decided): the rules people most often contest successfully at the top. */
export function ruleRates(r: GrievanceReport, o: { pct?: number; min?: number } = {}): RuleRate[] {
  const pct = o.pct ?? FLAG_PCT;
  const min = o.min ?? FLAG_MIN_DECIDED;
  return r.per_rule
    .filter((x) => x.decided > 0)
    .map((x) => {
      const p = Math.round((100 * x.accepted) / x.decided);
      return { ...x, pct: p, flagged: x.decided >= min && p >= pct };
    })
    .sort((a, b) => b.pct - a.pct || b.decided - a.decided || a.rule.localeCompare(b.rule));
}

export interface ReportTotals {
  open: number;
  late: number;
  decided: number;
}

export function totals(r: GrievanceReport): ReportTotals {
  return r.rows.reduce((t, x) => ({ open: t.open + x.open, late: t.late + x.late, decided: t.decided + x.decided }), { open: 0, late: 0, decided: 0 });
}

/** One file, one header: the counts by category and agency, then one line per rule, then the median. Every text cell neutralised. */
export function reportCsv(r: GrievanceReport): string {
  let out = csvRecord(['section', 'category', 'agency', 'rule', 'open', 'late', 'decided', 'accepted', 'acceptance_pct', 'median_decision_s']);
  for (const x of r.rows) out += csvRecord(['category_agency', x.category, x.agency ?? '', null, x.open, x.late, x.decided, null, null, null]);
  for (const x of ruleRates(r)) out += csvRecord(['rule', null, null, x.rule, null, null, x.decided, x.accepted, x.pct, null]);
  out += csvRecord(['median', null, null, null, null, null, null, null, null, r.median_decision_s]);
  return out;
}
