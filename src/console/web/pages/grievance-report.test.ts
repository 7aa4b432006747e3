/** @module Tests: the report page says in words which rules people most often contest successfully, and shows what an operator typed as text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportPage } from './grievance-report.js';
import type { RequestContext } from '../route.js';

const ctx: RequestContext = { operator: null, lang: 'fr', ip: '127.0.0.1', secure: false, url: '/console/reclamations/rapport' };

test('a rule accepted in most decided grievances is flagged with its rate in a sentence; the others are not', () => {
  const body = reportPage({
    ctx, demo: false,
    report: {
      rows: [{ category: 'not_retained', agency: '<i>Oyem</i>', open: 2, late: 1, decided: 5 }],
      median_decision_s: 2 * 86_400 + 3 * 3600,
      per_rule: [{ rule: 'power_kw', decided: 5, accepted: 4 }, { rule: 'category', decided: 6, accepted: 1 }],
    },
  });
  assert.match(body, /<tr class="flagged"><td><code>power_kw<\/code> <strong class="badge bad">règle contestée avec succès dans 80\u00a0% des cas<\/strong>/);
  assert.doesNotMatch(body, /<code>category<\/code> <strong/, 'one accepted in six is not flagged');
  assert.match(body, /id="median">2\u00a0j 3\u00a0h</);
  assert.ok(body.includes('&lt;i&gt;Oyem&lt;/i&gt;') && !body.includes('<i>Oyem'), 'an agency name is text');
  assert.match(body, /href="\/console\/reclamations\/rapport.csv"/);
});

test('nothing decided yet: the page says so rather than showing an empty median', () => {
  const body = reportPage({ ctx, demo: false, report: { rows: [], median_decision_s: null, per_rule: [] } });
  assert.match(body, /aucune réclamation décidée pour le moment/);
  assert.match(body, /Aucune réclamation décidée ne conteste une règle/);
});
