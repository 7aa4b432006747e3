/** @module A subscriber's page at the desk: who, what each cycle decides, credits, SMS, notes, and the agent's actions (each shown only to a role that may use it). */
import { html, type SafeHtml } from '../../../http/html.js';
import { can } from '../../auth/roles.js';
import type { SubscriberHistory } from '../../desk/history.js';
import { NOTE_MAX, REASON_MAX } from '../../desk/desk.js';
import { fcfa, num, when, type Lang } from '../i18n.js';
import { consolePage } from '../layout.js';
import { operatorOf, type RequestContext } from '../route.js';
import { subscriberWords as w } from './subscriber-words.js';
import { subscriberGrievances } from './subscriber-grievances.js';
import type { Grievance } from '../../../domain/grievance.js';

/** What the last action came to, shown at the top of the page. */
export interface Notice {
  tone: 'ok' | 'alert' | 'note';
  text: string;
  /** A token to read out (grouped by four). */
  token?: string;
  /** A claim waiting in line: the pass to try again with. */
  retry?: { cycle: string | null; pass: string };
}

const groups = (token: string) => token.replace(/(\d{4})(?=\d)/g, '$1 ');
const units = (tenths: number, unit: string, lang: Lang) => `${num(tenths / 10, lang)} ${unit === 'm3' ? 'm³' : unit}`;

export function subscriberPage(o: { ctx: RequestContext; demo: boolean; h: SubscriberHistory; notice?: Notice | null; grievances: Grievance[] | null }): string {
  const { ctx, h } = o;
  const t = w(ctx.lang);
  const lang = ctx.lang;
  const op = operatorOf(ctx);
  const role = op.account.role;
  const s = h.subscriber;
  const csrf = html`<input type="hidden" name="csrf" value="${op.csrf}">`;
  const base = `/console/abonnes/${s.id}`;
  // An open cycle already credited is not offered again (a second claim would only replay the first).
  const openCycles = h.standings.filter((x) => x.cycle.state === 'open' && x.credit === null);

  const notice = o.notice && html`<div class="${o.notice.tone}" role="${o.notice.tone === 'alert' ? 'alert' : 'status'}" id="notice"><p>${o.notice.text}</p>
${o.notice.token && html`<p><span class="sr">${t.tokenIs}</span><span class="token" id="token">${groups(o.notice.token)}</span></p>`}
${o.notice.retry && can(role, 'credits.issue_on_behalf') && html`<form method="post" action="${base}/attribuer">${csrf}<input type="hidden" name="cycle" value="${o.notice.retry.cycle ?? ''}"><input type="hidden" name="pass" value="${o.notice.retry.pass}"><button type="submit">${t.retry}</button></form>`}</div>`;

  const facts: [string, string][] = [
    [t.contract, s.contract_no], [t.meter, s.meter_no], [t.service, `${s.service === 'water' ? t.water : t.electricity}, ${s.metering === 'prepaid' ? t.prepaid : t.postpaid}`],
    [t.tariff, `${s.tariff}${s.power_kw !== null ? `, ${num(s.power_kw, lang)} kW` : ''}`], [t.use, `${num(s.avg_monthly_use, lang)} ${s.service === 'water' ? 'm³' : 'kWh'}`],
    [t.category, s.category], [t.agency, `${s.agency}, ${s.district}`], [t.phone, s.phone ?? t.noPhone],
  ];

  const standings = html`<section aria-labelledby="cycles"><h2 id="cycles">${t.cycles} (${h.programme.name})</h2><div class="scroll"><table>
<thead><tr><th scope="col">${t.cycle}</th><th scope="col">${t.state}</th><th scope="col">${t.decision}</th><th scope="col">${t.credit}</th></tr></thead>
<tbody>${h.standings.map((x) => html`<tr><td>${x.cycle.label}</td><td>${t[x.cycle.state]}</td>
<td>${x.retained ? html`<span class="badge good">${t.retained}</span> ${x.fcfa !== null ? fcfa(x.fcfa, lang) : ''}` : html`<span class="badge bad">${x.reason}</span> ${x.message ? (lang === 'en' ? x.message.en : x.message.fr) : ''}${x.laterRetained !== null ? html` <b>${x.laterRetained ? t.laterYes : t.laterNo}</b>` : ''}`}</td>
<td class="nowrap">${x.credit ? x.credit.claim_id : '—'}</td></tr>`)}</tbody></table></div>
${can(role, 'credits.issue_on_behalf') && (openCycles.length ? html`<form method="post" action="${base}/attribuer" class="card" data-confirm="${t.confirmIssue}">${csrf}
<h3>${t.issueTitle}</h3><p class="hint">${t.issueHint}</p><label for="cycle">${t.cycle}</label><select id="cycle" name="cycle">${openCycles.map((x) => html`<option value="${x.cycle.id}">${x.cycle.label}</option>`)}</select>
<button type="submit">${t.issue}</button></form>` : html`<p class="note">${t.noOpenCycle}</p>`)}</section>`;

  const creditRows = h.credits.map((c) => html`<tr><td class="nowrap">${c.claim_id}</td><td>${c.cycle}${c.programme_id !== h.programme.id ? ` (${c.programme_id})` : ''}</td><td>${c.service === 'water' ? t.water : t.electricity}</td>
<td class="n">${fcfa(c.fcfa, lang)}</td><td class="n">${units(c.units_tenths, c.unit, lang)}</td><td>${when(c.issued_at, lang)}</td><td>${c.channel}</td>
<td>${can(role, 'sms.resend') && h.sms.wired && html`<form method="post" action="${base}/sms" class="inline">${csrf}<input type="hidden" name="claim" value="${c.claim_id}"><button type="submit" class="secondary">${t.resend}</button></form>`}
${c.token && can(role, 'credits.reveal_token') && html`<details><summary>${t.reveal}</summary><form method="post" action="${base}/code">${csrf}<input type="hidden" name="claim" value="${c.claim_id}">
<label for="reason-${c.claim_id}">${t.reason}</label><span class="hint" id="reason-hint-${c.claim_id}">${t.reasonHint}</span>
<input type="text" id="reason-${c.claim_id}" name="reason" required minlength="8" maxlength="${REASON_MAX}" aria-describedby="reason-hint-${c.claim_id}"><button type="submit">${t.show}</button></form></details>`}</td></tr>`);
  const credits = html`<section aria-labelledby="credits"><h2 id="credits">${t.credits} (${h.credits.length})</h2>
${h.credits.length === 0 ? html`<p>${t.noCredit}</p>` : html`<div class="scroll"><table><thead><tr><th scope="col">${t.claim}</th><th scope="col">${t.cycle}</th><th scope="col">${t.service}</th>
<th scope="col" class="n">${t.amount}</th><th scope="col" class="n">${t.units}</th><th scope="col">${t.issuedAt}</th><th scope="col">${t.channel}</th><th scope="col">${t.actions}</th></tr></thead><tbody>${creditRows}</tbody></table></div>`}</section>`;

  const sms = html`<section aria-labelledby="sms"><h2 id="sms">${t.sms}</h2>${!h.sms.wired ? html`<p class="note">${t.smsNotWired}</p>`
    : h.sms.messages.length === 0 ? html`<p>${t.noSms}</p>` : html`<div class="scroll"><table><thead><tr><th scope="col">${t.at}</th><th scope="col">${t.phone}</th><th scope="col">${t.state}</th><th scope="col">${t.text}</th></tr></thead>
<tbody>${h.sms.messages.map((m) => html`<tr><td>${when(m.created_at, lang)}</td><td>${m.phone}</td><td>${m.state}${m.reason ? ` (${m.reason})` : ''}</td><td>${m.kind === 'credit' && !can(role, 'credits.reveal_token') ? t.hiddenText : m.text}</td></tr>`)}</tbody></table></div>`}</section>`;

  const notes = html`<section aria-labelledby="notes"><h2 id="notes">${t.notes}</h2>
${h.notes.length === 0 ? html`<p>${t.noNotes}</p>` : html`<ul>${h.notes.map((n) => html`<li><b>${when(n.created_at, lang)}, ${n.author} :</b> ${n.body}</li>`)}</ul>`}
${can(role, 'notes.write') && html`<form method="post" action="${base}/notes" class="card">${csrf}<label for="note">${t.addNote}</label>
<textarea id="note" name="body" required maxlength="${NOTE_MAX}" rows="3" class="short"></textarea><button type="submit">${t.saveNote}</button></form>`}</section>`;

  const body: SafeHtml = html`<p><a href="/console/guichet">${t.back}</a></p><h1>${s.holder_name}</h1>${notice}
<dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>${standings}${credits}${sms}${subscriberGrievances(ctx, s, o.grievances)}${notes}`;
  return consolePage({ ctx, demo: o.demo, title: s.holder_name, body, active: '/console/guichet' });
}
