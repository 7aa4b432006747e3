/** @module The grievance report page: open, late and decided by category and agency, the median time to a decision, acceptance per rule (the contested rules flagged). */
import { html } from '../../../http/html.js';
import { duration } from '../../grievances/sla.js';
import { ruleRates, totals } from '../../grievances/report.js';
import type { GrievanceReport } from '../../../grievances/port.js';
import { num } from '../i18n.js';
import { consolePage } from '../layout.js';
import type { RequestContext } from '../route.js';
import { categoryName, fill, grievanceWords as w } from './grievance-words.js';

export function reportPage(o: { ctx: RequestContext; demo: boolean; report: GrievanceReport }): string {
  const { lang } = o.ctx;
  const t = w(lang);
  const r = o.report;
  const all = totals(r);
  const rates = ruleRates(r);
  const counts = r.rows.length === 0 ? html`<p>${t.empty}</p>` : html`<div class="scroll"><table id="by-category">
<thead><tr><th scope="col">${t.category}</th><th scope="col">${t.agency}</th><th scope="col" class="n">${t.open_}</th><th scope="col" class="n">${t.late_}</th><th scope="col" class="n">${t.decided_}</th></tr></thead>
<tbody>${r.rows.map((x) => html`<tr><td>${categoryName(x.category, lang)}</td><td>${x.agency ?? t.noAgency}</td><td class="n">${num(x.open, lang)}</td><td class="n">${num(x.late, lang)}</td><td class="n">${num(x.decided, lang)}</td></tr>`)}</tbody>
<tfoot><tr><th scope="row" colspan="2">${t.total}</th><td class="n">${num(all.open, lang)}</td><td class="n">${num(all.late, lang)}</td><td class="n">${num(all.decided, lang)}</td></tr></tfoot></table></div>`;
  const rules = rates.length === 0 ? html`<p>${t.noRules}</p>` : html`<div class="scroll"><table id="per-rule">
<thead><tr><th scope="col">${t.ruleCol}</th><th scope="col" class="n">${t.decided_}</th><th scope="col" class="n">${t.accepted_}</th><th scope="col" class="n">${t.rate}</th></tr></thead>
<tbody>${rates.map((x) => html`<tr${x.flagged ? html` class="flagged"` : ''}><td><code>${x.rule}</code>${x.flagged && html` <strong class="badge bad">${fill(t.contested, { pct: x.pct })}</strong>`}</td>
<td class="n">${num(x.decided, lang)}</td><td class="n">${num(x.accepted, lang)}</td><td class="n">${x.pct}\u00a0%</td></tr>`)}</tbody></table></div>`;
  const body = html`<p><a href="/console/reclamations">${t.back}</a></p><h1>${t.rTitle}</h1>
<p><a class="button secondary" href="/console/reclamations/rapport.csv" download>${t.csv}</a></p>
<section aria-labelledby="h-cat"><h2 id="h-cat">${t.byCatAgency}</h2>${counts}</section>
<section aria-labelledby="h-median"><h2 id="h-median">${t.median}</h2><p class="kpi" id="median">${r.median_decision_s === null ? html`<small>${t.noMedian}</small>` : duration(r.median_decision_s, lang)}</p></section>
<section aria-labelledby="h-rule"><h2 id="h-rule">${t.perRule}</h2><p class="hint">${t.perRuleHint}</p>${rules}</section>`;
  return consolePage({ ctx: o.ctx, demo: o.demo, title: t.rTitle, body, active: '/console/reclamations' });
}
