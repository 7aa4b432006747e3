/** @module The programme screen: the programme in force with its cycles, rules and agency windows; the supervisor's forms to open, close, schedule, stagger and pace. */
import { html } from '../../../http/html.js';
import type { Cycle, Programme } from '../../../domain/programme.js';
import { describeRule } from '../../../programmes/index.js';
import type { StoredProgramme } from '../../../store/contract.js';
import { can } from '../../auth/roles.js';
import { fcfa, when } from '../i18n.js';
import { consolePage } from '../layout.js';
import { operatorOf, type RequestContext } from '../route.js';
import { programmeWords as w } from './programme-words.js';

export interface ProgrammesView {
  ctx: RequestContext;
  demo: boolean;
  programme: Programme;
  stored: StoredProgramme[];
  agencies: readonly string[];
  admitRate: number | null;
  notice?: { ok: boolean; text: string; problems?: string[] } | null;
}

/** `2020-04-03T08:00:00+01:00` back to what a datetime-local field shows in Libreville time. */
export function localInput(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00+01:00` : iso);
  return Number.isNaN(t) ? '' : new Date(t + 3_600_000).toISOString().slice(0, 16);
}

export function programmesPage(v: ProgrammesView): string {
  const { ctx } = v;
  const t = w(ctx.lang);
  const lang = ctx.lang;
  const op = operatorOf(ctx);
  const role = op.account.role;
  const csrf = html`<input type="hidden" name="csrf" value="${op.csrf}">`;
  const p = v.programme;
  const inForce = v.stored.find((s) => s.programme.id === p.id);
  const cycleCard = (c: Cycle) => {
    const base = `/console/programmes/cycles/${encodeURIComponent(c.id)}`;
    return html`<section class="card" aria-labelledby="c-${c.id}"><h2 id="c-${c.id}">${c.label} <small class="badge">${c.id}</small> <span class="badge ${c.state === 'open' ? 'good' : c.state === 'closed' ? 'bad' : ''}">${t[c.state]}</span></h2>
<dl class="facts"><dt>${t.opensAt}</dt><dd>${c.opens_at ? when(c.opens_at, lang) : '—'}</dd><dt>${t.closesAt}</dt><dd>${c.closes_at ? when(c.closes_at, lang) : '—'}</dd><dt>${t.budget}</dt><dd>${c.budget_fcfa === null ? t.noCeiling : fcfa(c.budget_fcfa, lang)}</dd></dl>
<h3>${t.benefits}</h3><table><thead><tr><th scope="col">${t.service}</th><th scope="col" class="n">${t.amount}</th><th scope="col">${t.rule}</th></tr></thead>
<tbody>${c.benefits.map((b) => html`<tr><td>${b.service === 'water' ? t.water : t.electricity}</td><td class="n">${fcfa(b.amount_fcfa, lang)}</td><td>${describeRule(b.rule, b.service)}</td></tr>`)}</tbody></table>
${can(role, 'cycles.manage') && html`<div class="row">
${c.state !== 'open' && html`<form method="post" action="${base}/etat" data-confirm="${t.confirmOpen}">${csrf}<input type="hidden" name="state" value="open"><button type="submit">${t.doOpen}</button></form>`}
${c.state === 'open' && html`<form method="post" action="${base}/etat" data-confirm="${t.confirmClose}">${csrf}<input type="hidden" name="state" value="closed"><button type="submit" class="danger">${t.doClose}</button></form>`}
<form method="post" action="${base}/etat" class="row">${csrf}<input type="hidden" name="state" value="scheduled"><div><label for="at-${c.id}">${t.scheduleAt}</label><input type="datetime-local" id="at-${c.id}" name="opens_at" required value="${localInput(c.opens_at)}"></div><button type="submit" class="secondary">${t.doSchedule}</button></form></div>`}
<h3>${t.windows}</h3><p class="hint">${t.windowsHint}</p>
${(c.agency_windows ?? []).length === 0 ? html`<p>${t.noWindows}</p>` : html`<table><thead><tr><th scope="col">${t.agency}</th><th scope="col">${t.windowOpens}</th><th scope="col">${t.closesAt}</th>${can(role, 'opening.manage') && html`<th scope="col"><span class="sr">${t.removeWindow}</span></th>`}</tr></thead>
<tbody>${(c.agency_windows ?? []).map((x) => html`<tr><td>${x.agency}</td><td>${x.opens_at ? when(x.opens_at, lang) : '—'}</td><td>${x.closes_at ? when(x.closes_at, lang) : '—'}</td>
${can(role, 'opening.manage') && html`<td><form method="post" action="${base}/agences" class="inline">${csrf}<input type="hidden" name="agency" value="${x.agency}"><input type="hidden" name="action" value="remove"><button type="submit" class="secondary">${t.removeWindow} ${x.agency}</button></form></td>`}</tr>`)}</tbody></table>`}
${can(role, 'opening.manage') && html`<form method="post" action="${base}/agences" class="row">${csrf}<input type="hidden" name="action" value="set">
<div><label for="ag-${c.id}">${t.agency}</label><select id="ag-${c.id}" name="agency">${v.agencies.map((a) => html`<option value="${a}">${a}</option>`)}</select></div>
<div><label for="wo-${c.id}">${t.windowOpens}</label><input type="datetime-local" id="wo-${c.id}" name="opens_at" required></div>
<div><label for="wc-${c.id}">${t.windowCloses}</label><input type="datetime-local" id="wc-${c.id}" name="closes_at"></div><button type="submit">${t.setWindow}</button></form>`}</section>`;
  };
  const notice = v.notice && html`<div class="${v.notice.ok ? 'ok' : 'alert'}" role="${v.notice.ok ? 'status' : 'alert'}" id="notice"><p>${v.notice.text}</p>${v.notice.problems && html`<ul>${v.notice.problems.map((x) => html`<li><code>${x}</code></li>`)}</ul>`}</div>`;
  const body = html`<h1>${t.title}</h1>${notice}
<p>${t.inForce} : <b>${p.name}</b> <span class="badge">${p.id}</span> — ${inForce ? `${t.loadedAt} ${when(inForce.loaded_at, lang)}` : t.builtIn}</p>
${can(role, 'programmes.manage') && html`<p><a class="button secondary" href="/console/programmes/editeur">${t.edit}</a></p>`}
${p.cycles.map(cycleCard)}
<section class="card" aria-labelledby="admit"><h2 id="admit">${t.admit}</h2><p>${t.admitNow} : <b id="admit-now">${v.admitRate === null ? t.none : `${v.admitRate} ${t.perS}`}</b></p>
${can(role, 'admit_rate.manage') && html`<form method="post" action="/console/programmes/debit" class="row">${csrf}<div><label for="rate">${t.admit}</label><span class="hint" id="rate-hint">${t.admitHint}</span>
<input type="number" id="rate" name="rate" min="1" max="1000000" step="1" value="${v.admitRate ?? ''}" aria-describedby="rate-hint"></div><button type="submit">${t.setAdmit}</button></form>`}</section>
<section aria-labelledby="stored"><h2 id="stored">${t.stored}</h2><ul>${v.stored.map((s) => html`<li><b>${s.programme.id}</b> — ${s.programme.name} (${t.loadedAt} ${when(s.loaded_at, lang)})</li>`)}</ul></section>`;
  return consolePage({ ctx, demo: v.demo, title: t.title, body, active: '/console/programmes' });
}
