/** @module The grievance report (issue 12 §5): open, late and decided by category and agency, the median time to a decision, acceptance per rule. */
import type { ReportRow } from '../store/grievance-contract.js';
import type { CategoryAgencyCount, GrievanceReport } from './port.js';

export function summarise(rows: readonly ReportRow[], now: Date): GrievanceReport {
  const cells = new Map<string, CategoryAgencyCount>();
  const rules = new Map<string, { rule: string; decided: number; accepted: number }>();
  const waits: number[] = [];
  const t = now.toISOString();
  for (const r of rows) {
    const k = `${r.category}\u0000${r.agency ?? ''}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { category: r.category, agency: r.agency, open: 0, late: 0, decided: 0 }));
    if (r.decision === null) {
      c.open += 1;
      if (r.due_at < t) c.late += 1;
      continue;
    }
    c.decided += 1;
    if (r.decided_at) waits.push((Date.parse(r.decided_at) - Date.parse(r.created_at)) / 1000);
    if (r.refusal_reason !== null) {
      let p = rules.get(r.refusal_reason);
      if (!p) rules.set(r.refusal_reason, (p = { rule: r.refusal_reason, decided: 0, accepted: 0 }));
      p.decided += 1;
      if (r.decision === 'accepted') p.accepted += 1;
    }
  }
  const order = (a: CategoryAgencyCount, b: CategoryAgencyCount) => a.category.localeCompare(b.category) || (a.agency ?? '').localeCompare(b.agency ?? '');
  return {
    rows: [...cells.values()].sort(order),
    median_decision_s: median(waits),
    // the rules contested successfully most often first: a rule many people win against is a bad rule
    per_rule: [...rules.values()].sort((a, b) => b.accepted / b.decided - a.accepted / a.decided || b.decided - a.decided || a.rule.localeCompare(b.rule)),
  };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
