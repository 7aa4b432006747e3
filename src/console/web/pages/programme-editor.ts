/** @module The programme's JSON editor: check, dry run over the whole registry, then (only then) save that very text. */
import { html } from '../../../http/html.js';
import type { Programme } from '../../../domain/programme.js';
import type { DryRunResult } from '../../programmes/dry-run.js';
import { fcfa, num, type Lang } from '../i18n.js';
import { consolePage } from '../layout.js';
import { operatorOf, type RequestContext } from '../route.js';
import { programmeWords as w } from './programme-words.js';

export interface EditorView {
  ctx: RequestContext;
  demo: boolean;
  text: string;
  current: Programme;
  cycle: string;
  reference: string;
  problems?: string[];
  result?: { r: DryRunResult; hash: string } | null;
  notice?: string | null;
}

/** "12 480 retenus, 3 112 perdent l’éligibilité par rapport à phase-1, budget nécessaire 249 600 000 FCFA sur une enveloppe de 250 000 000 FCFA" */
export function dryRunSentence(r: DryRunResult, lang: Lang): string {
  const en = lang === 'en';
  const parts = [`${num(r.retained, lang)} ${en ? 'retained' : 'retenus'}`];
  if (r.reference) {
    parts.push(en ? `${num(r.lost, lang)} lose eligibility compared with ${r.reference.cycle}` : `${num(r.lost, lang)} perdent l’éligibilité par rapport à ${r.reference.cycle}`);
    parts.push(en ? `${num(r.gained, lang)} gain it` : `${num(r.gained, lang)} la gagnent`);
  }
  const budget = en ? `budget needed ${fcfa(r.budget_needed_fcfa, lang)}` : `budget nécessaire ${fcfa(r.budget_needed_fcfa, lang)}`;
  parts.push(r.envelope_fcfa === null ? `${budget} (${en ? 'no ceiling' : 'sans plafond'})` : `${budget} ${en ? 'against an envelope of' : 'sur une enveloppe de'} ${fcfa(r.envelope_fcfa, lang)}`);
  return parts.join(', ');
}

export function editorPage(v: EditorView): string {
  const { ctx } = v;
  const t = w(ctx.lang);
  const op = operatorOf(ctx);
  const csrf = html`<input type="hidden" name="csrf" value="${op.csrf}">`;
  const r = v.result?.r;
  const body = html`<p><a href="/console/programmes">${t.back}</a></p><h1>${t.editorTitle}</h1><p>${t.editorIntro}</p>
${v.notice && html`<p class="alert" role="alert">${v.notice}</p>`}
${v.problems && html`<div class="alert" role="alert" id="problems"><p>${t.problems}</p><ul>${v.problems.map((x) => html`<li><code>${x}</code></li>`)}</ul></div>`}
${r && v.result && html`<section class="ok" aria-labelledby="result" id="dry-run"><h2 id="result">${t.result} : ${r.cycle.label}</h2><p class="big" id="dry-run-sentence">${dryRunSentence(r, ctx.lang)}.</p>
<p class="muted">${num(r.subscribers, ctx.lang)} ${t.scanned} ${num(r.ms, ctx.lang)} ${t.ms}.</p>
${r.envelope_fcfa !== null && r.budget_needed_fcfa > r.envelope_fcfa && html`<p class="alert">${t.overBudget}</p>`}
<form method="post" action="/console/programmes/enregistrer" data-confirm="${t.confirmSave}">${csrf}<input type="hidden" name="hash" value="${v.result.hash}"><input type="hidden" name="body" value="${v.text}">
<button type="submit">${t.save}</button></form></section>`}
<form method="post" action="/console/programmes/simulation" class="card">${csrf}
<label for="body">${t.body}</label><textarea id="body" name="body" spellcheck="false" required${v.problems ? html` aria-invalid="true" aria-describedby="problems"` : ''}>${v.text}</textarea>
<div class="row"><div><label for="cycle">${t.simCycle}</label><input type="text" id="cycle" name="cycle" required value="${v.cycle}" maxlength="64"></div>
<div><label for="reference">${t.reference}</label><select id="reference" name="reference"><option value="">${t.noReference}</option>
${v.current.cycles.map((c) => html`<option value="${c.id}"${c.id === v.reference ? html` selected` : ''}>${c.id} — ${c.label}</option>`)}</select></div></div>
<button type="submit">${t.simulate}</button></form>`;
  return consolePage({ ctx, demo: v.demo, title: t.editorTitle, body, active: '/console/programmes' });
}
