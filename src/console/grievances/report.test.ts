/** @module Tests: acceptance per rule with the often successfully contested rules flagged first, and the report's CSV neutralised against formulas. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportCsv, ruleRates, totals } from './report.js';
import type { GrievanceReport } from '../../grievances/port.js';

const report: GrievanceReport = {
  rows: [
    { category: 'not_retained', agency: 'Libreville Centre', open: 3, late: 1, decided: 4 },
    { category: 'other', agency: '=HYPERLINK("http://evil")', open: 1, late: 0, decided: 0 },
    { category: 'unknown_meter', agency: null, open: 2, late: 2, decided: 1 },
  ],
  median_decision_s: 5400,
  per_rule: [
    { rule: 'power_kw', decided: 4, accepted: 3 },
    { rule: 'category', decided: 10, accepted: 2 },
    { rule: 'tariff', decided: 2, accepted: 2 },
    { rule: '@SUM(1)', decided: 0, accepted: 0 },
  ],
};

test('rules by acceptance, highest first; flagged from half accepted over at least three decided', () => {
  const r = ruleRates(report);
  assert.deepEqual(r.map((x) => [x.rule, x.pct, x.flagged]), [['tariff', 100, false], ['power_kw', 75, true], ['category', 20, false]]);
  assert.deepEqual(totals(report), { open: 6, late: 3, decided: 5 });
});

test('the CSV: one header, the counts, the rules, the median; a cell that would start a formula is text', () => {
  const lines = reportCsv(report).trimEnd().split('\n');
  assert.equal(lines[0], 'section,category,agency,rule,open,late,decided,accepted,acceptance_pct,median_decision_s');
  assert.equal(lines[1], 'category_agency,not_retained,Libreville Centre,,3,1,4,,,');
  assert.equal(lines[2], `category_agency,other,"'=HYPERLINK(""http://evil"")",,1,0,0,,,`);
  assert.equal(lines[4], 'rule,,,tariff,,,2,2,100,');
  assert.equal(lines.at(-1), 'median,,,,,,,,,5400');
  assert.ok(!lines.some((l) => l.split(',').some((c) => /^[=+\-@]/.test(c))), 'no cell starts a formula');
});
