/** @module The grievance queue: filters (category, agency, status, late), one row per grievance with its SLA timer in words and colour, keyset paging. */
import { html, type SafeHtml } from '../../../http/html.js';
import { GRIEVANCE_CATEGORIES, type Grievance, type GrievanceCategory, type GrievanceStatus } from '../../../domain/grievance.js';
import { duration, slaOf } from '../../grievances/sla.js';
import type { Lang } from '../i18n.js';
import { consolePage } from '../layout.js';
import type { RequestContext } from '../route.js';
import { categoryName, fill, grievanceWords as w, statusName } from './grievance-words.js';

export interface QueueView {
  ctx: RequestContext;
  demo: boolean;
  now: Date;
  agencies: readonly string[];
  filter: { category: GrievanceCategory | null; agency: string | null; status: GrievanceStatus | 'undecided' | 'all'; late: boolean };
  rows: Grievance[] | null;
  /** The id to page from for the next rows, when there may be more. */
  next: number | null;
  paged: boolean;
  problem?: string;
}

/** The SLA timer: a badge whose words say what its colour says. */
export function slaBadge(g: Grievance, now: Date, lang: Lang): SafeHtml {
  const t = w(lang);
  const s = slaOf(g, now);
  const left = s.left_s === null ? '' : duration(s.left_s, lang);
  const text = s.state === 'ok' ? fill(t.slaOk, { left }) : s.state === 'amber' ? fill(t.slaAmber, { left }) : s.state === 'red' ? fill(t.slaRed, { left }) : t.slaDone;
  return html`<span class="badge sla-${s.state}" data-sla="${s.state}">${text}</span>`;
}

const STATUSES: (GrievanceStatus | 'undecided' | 'all')[] = ['undecided', 'open', 'in_review', 'accepted', 'rejected', 'all'];

export function queueQuery(f: QueueView['filter'], before?: number): string {
  const q = new URLSearchParams();
  if (f.category) q.set('categorie', f.category);
  if (f.agency) q.set('agence', f.agency);
  if (f.status !== 'undecided') q.set('statut', f.status);
  if (f.late) q.set('retard', '1');
  if (before !== undefined) q.set('avant', String(before));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function queuePage(v: QueueView): string {
  const { lang } = v.ctx;
  const t = w(lang);
  const f = v.filter;
  const statusLabel = (s: (typeof STATUSES)[number]) => (s === 'undecided' ? t.undecided : s === 'all' ? t.anyStatus : statusName(s, lang));
  const form = html`<form method="get" action="/console/reclamations" class="card" aria-label="${t.filter}"><div class="row">
<div><label for="categorie">${t.category}</label><select id="categorie" name="categorie"><option value="">${t.anyCategory}</option>
${GRIEVANCE_CATEGORIES.map((c) => html`<option value="${c}"${c === f.category ? html` selected` : ''}>${categoryName(c, lang)}</option>`)}</select></div>
<div><label for="agence">${t.agency}</label><select id="agence" name="agence"><option value="">${t.anyAgency}</option>
${v.agencies.map((a) => html`<option value="${a}"${a === f.agency ? html` selected` : ''}>${a}</option>`)}</select></div>
<div><label for="statut">${t.status}</label><select id="statut" name="statut">${STATUSES.map((s) => html`<option value="${s === 'undecided' ? '' : s}"${s === f.status ? html` selected` : ''}>${statusLabel(s)}</option>`)}</select></div>
<div><input type="checkbox" id="retard" name="retard" value="1"${f.late ? html` checked` : ''}> <label for="retard" class="inline">${t.late}</label></div></div>
<button type="submit">${t.filter}</button></form>`;
  const rows = v.rows;
  const table = rows && (rows.length === 0 ? html`<p role="status">${t.none}</p>` : html`<div class="scroll"><table id="queue">
<caption class="sr">${t.queue}</caption><thead><tr><th scope="col">${t.ticket}</th><th scope="col">${t.category}</th><th scope="col">${t.agency}</th><th scope="col">${t.status}</th>
<th scope="col">${t.age}</th><th scope="col">${t.sla}</th><th scope="col">${t.assignee}</th></tr></thead>
<tbody>${rows.map((g) => html`<tr data-ticket="${g.ticket}"><td class="nowrap"><a href="/console/reclamations/${g.ticket}">${g.ticket}</a></td><td>${categoryName(g.category, lang)}</td>
<td>${g.agency ?? t.noAgency}</td><td>${statusName(g.status, lang)}</td><td class="nowrap">${duration((v.now.getTime() - Date.parse(g.created_at)) / 1000, lang)}</td>
<td>${slaBadge(g, v.now, lang)}</td><td>${g.assigned_to ?? t.nobody}</td></tr>`)}</tbody></table></div>`);
  const paging = (v.next !== null || v.paged) && html`<p>${v.next !== null && html`<a href="/console/reclamations${queueQuery(f, v.next)}" rel="next">${t.next}</a> `}${v.paged && html`<a href="/console/reclamations${queueQuery(f)}">${t.first}</a>`}</p>`;
  const body = html`<h1>${t.queue}</h1><p><a href="/console/reclamations/rapport">${t.reportLink}</a></p>${form}
${v.problem && html`<p class="alert" role="alert">${v.problem}</p>`}${table}${paging}`;
  return consolePage({ ctx: v.ctx, demo: v.demo, title: t.queue, body, active: '/console/reclamations' });
}
