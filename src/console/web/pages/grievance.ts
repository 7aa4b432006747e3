/** @module One grievance in the console: its facts, the subscriber, the message (escaped), notes, assignment, and the decision form (a supervisor who did not log it). */
import { html, type SafeHtml } from '../../../http/html.js';
import type { Grievance, GrievanceNote, GrievanceRemedy } from '../../../domain/grievance.js';
import type { StoredSubscriber } from '../../../domain/subscriber.js';
import { can } from '../../auth/roles.js';
import { when, type Lang } from '../i18n.js';
import { consolePage } from '../layout.js';
import { operatorOf, type RequestContext } from '../route.js';
import { slaBadge } from './grievance-queue.js';
import { categoryName, fill, grievanceWords as w, statusName, type GrievanceWords } from './grievance-words.js';

export const REASON_MAX = 500;
export const NOTE_MAX = 2000;

export interface GrievanceView {
  ctx: RequestContext;
  demo: boolean;
  now: Date;
  g: Grievance;
  subscriber: StoredSubscriber | null;
  notes: GrievanceNote[];
  notice?: { tone: 'ok' | 'alert'; text: string } | null;
}

function remedyText(r: GrievanceRemedy | null, t: GrievanceWords): string {
  if (!r) return '—';
  switch (r.kind) {
    case 'exception': return fill(t.rExceptionA, { cycle: r.cycle });
    case 'resend': return t.rResend;
    case 'replacement': return t.rReplacement;
    case 'billing_flag': return t.rBilling;
    case 'none': return t.rNone;
  }
}

/** Who may decide here: a supervisor who did not log it. */
export const sameDuty = (g: Grievance, email: string): boolean => g.logged_by === email;

function decisionForm(v: GrievanceView, csrf: SafeHtml, t: GrievanceWords): SafeHtml {
  const { g } = v;
  const op = operatorOf(v.ctx);
  if (!can(op.account.role, 'grievances.decide') || g.decided_at) return html``;
  if (sameDuty(g, op.account.email)) return html`<section aria-labelledby="decide"><h2 id="decide">${t.decide}</h2><p class="note" id="same-duty">${t.sameDuty}</p></section>`;
  return html`<section aria-labelledby="decide"><h2 id="decide">${t.decide}</h2>
<form method="post" action="/console/reclamations/${g.ticket}/decision" class="card" data-confirm="${t.confirmDecide}">${csrf}
<fieldset><legend>${t.decision}</legend><input type="radio" id="d-accepted" name="decision" value="accepted" required> <label for="d-accepted" class="inline">${t.accept}</label><br>
<input type="radio" id="d-rejected" name="decision" value="rejected"> <label for="d-rejected" class="inline">${t.reject}</label></fieldset>
${g.category === 'code_rejected' && html`<fieldset><legend>${t.remedyLegend}</legend><input type="radio" id="r-resend" name="remedy" value="resend" checked> <label for="r-resend" class="inline">${t.resend}</label><br>
<input type="radio" id="r-replacement" name="remedy" value="replacement"> <label for="r-replacement" class="inline">${t.replacement}</label></fieldset>`}
<label for="reason">${t.reasonLabel}</label><span class="hint" id="reason-hint">${t.reasonHint}</span>
<textarea id="reason" name="reason" required maxlength="${REASON_MAX}" rows="3" class="short" aria-describedby="reason-hint"></textarea>
<button type="submit">${t.send}</button></form></section>`;
}

function work(v: GrievanceView, csrf: SafeHtml, t: GrievanceWords): SafeHtml {
  const { g } = v;
  const op = operatorOf(v.ctx);
  if (g.decided_at || !can(op.account.role, 'notes.write')) return html``;
  const mine = g.assigned_to === op.account.email;
  const canRelease = g.assigned_to !== null && (mine || can(op.account.role, 'grievances.decide'));
  return html`<section aria-labelledby="work"><h2 id="work">${t.work}</h2>${mine && html`<p>${t.assignedToYou}</p>`}
${!mine && html`<form method="post" action="/console/reclamations/${g.ticket}/attribution" class="inline">${csrf}<input type="hidden" name="to" value="me"><button type="submit">${t.take}</button></form>`}
${canRelease && html`<form method="post" action="/console/reclamations/${g.ticket}/attribution" class="inline">${csrf}<input type="hidden" name="to" value="none"><button type="submit" class="secondary">${t.release}</button></form>`}</section>`;
}

export function grievancePage(v: GrievanceView): string {
  const { ctx, g, subscriber: s } = v;
  const lang: Lang = ctx.lang;
  const t = w(lang);
  const op = operatorOf(ctx);
  const csrf = html`<input type="hidden" name="csrf" value="${op.csrf}">`;
  const facts: [string, SafeHtml | string][] = [
    [t.status, statusName(g.status, lang)], [t.category, categoryName(g.category, lang)], [t.sla, slaBadge(g, v.now, lang)],
    [t.created, when(g.created_at, lang)], [t.due, when(g.due_at, lang)], [t.cycle, `${g.cycle} (${g.programme_id})`], [t.channel, g.channel],
    [t.loggedBy, g.logged_by ?? t.subscriberSelf], [t.assignee, g.assigned_to ?? t.nobody], [t.rule, g.refusal_reason ?? '—'], [t.phone, g.phone ?? t.noPhone],
  ];
  const decided: [string, string][] = g.decision ? [
    [t.decision, statusName(g.decision, lang)], [t.decidedBy, `${g.decided_by ?? '—'}, ${g.decided_at ? when(g.decided_at, lang) : ''}`],
    [t.reason, g.reason ?? '—'], [t.remedy, remedyText(g.remedy, t)],
  ] : [];
  const who = s ? html`<dl class="facts"><dt>${t.holder}</dt><dd>${s.holder_name}</dd><dt>${t.contract}</dt><dd>${s.contract_no}</dd><dt>${t.meter}</dt><dd>${s.meter_no}</dd>
<dt>${t.agency}</dt><dd>${s.agency}, ${s.district}</dd><dt>${t.phone}</dt><dd>${s.phone ?? t.noPhone}</dd></dl>
${can(op.account.role, 'subscribers.search') && html`<p><a href="/console/abonnes/${s.id}">${t.openDesk}</a></p>`}` : html`<p>${fill(t.noSubscriber, { number: g.number })}</p>`;
  const notes = html`<section aria-labelledby="notes"><h2 id="notes">${t.notes}</h2>
${v.notes.length === 0 ? html`<p>${t.noNotes}</p>` : html`<ul id="note-list">${v.notes.map((n) => html`<li><b>${when(n.created_at, lang)}, ${n.author}\u00a0:</b> <span class="typed">${n.body}</span></li>`)}</ul>`}
${can(op.account.role, 'notes.write') && html`<form method="post" action="/console/reclamations/${g.ticket}/notes" class="card">${csrf}<label for="note">${t.addNote}</label>
<textarea id="note" name="body" required maxlength="${NOTE_MAX}" rows="3" class="short"></textarea><button type="submit">${t.saveNote}</button></form>`}</section>`;
  const notice = v.notice && html`<div class="${v.notice.tone}" role="${v.notice.tone === 'alert' ? 'alert' : 'status'}" id="notice"><p>${v.notice.text}</p></div>`;
  const body = html`<p><a href="/console/reclamations">${t.back}</a></p><h1>${t.one} ${g.ticket}</h1>${notice}
<section aria-labelledby="facts"><h2 id="facts">${t.facts}</h2><dl class="facts">${[...facts, ...decided].map(([k, x]) => html`<dt>${k}</dt><dd>${x}</dd>`)}</dl></section>
<section aria-labelledby="sub"><h2 id="sub">${t.subscriber}</h2>${who}</section>
<section aria-labelledby="msg"><h2 id="msg">${t.message}</h2><blockquote class="typed" id="message">${g.message || t.noMessage}</blockquote></section>
${work(v, csrf, t)}${decisionForm(v, csrf, t)}${notes}`;
  return consolePage({ ctx, demo: v.demo, title: `${t.one} ${g.ticket}`, body, active: '/console/reclamations' });
}
