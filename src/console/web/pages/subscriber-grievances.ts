/** @module The desk's grievance section of a subscriber's page: their grievances (to the console's page of each), and the agent's form to log one for the caller. */
import { html, type SafeHtml } from '../../../http/html.js';
import { GRIEVANCE_CATEGORIES, type Grievance } from '../../../domain/grievance.js';
import type { StoredSubscriber } from '../../../domain/subscriber.js';
import { can } from '../../auth/roles.js';
import { when, words } from '../i18n.js';
import { operatorOf, type RequestContext } from '../route.js';
import { NOTE_MAX } from './grievance.js';
import { categoryName, statusName } from './grievance-words.js';

const w = words({
  fr: {
    title: 'Réclamations', none: 'Aucune réclamation.', ticket: 'Ticket', category: 'Catégorie', status: 'Statut', created: 'Reçue le',
    log: 'Enregistrer une réclamation pour l’appelant', logHint: 'La réclamation est enregistrée à votre nom\u00a0; une autre personne la décidera.', message: 'Ce que dit l’appelant',
    phone: 'Téléphone pour la réponse par SMS (facultatif)', phoneHint: 'Par défaut, le téléphone enregistré.', save: 'Enregistrer la réclamation', notWired: 'Le service des réclamations n’est pas encore raccordé.',
  },
  en: {
    title: 'Grievances', none: 'No grievance.', ticket: 'Ticket', category: 'Category', status: 'Status', created: 'Received',
    log: 'Log a grievance for the caller', logHint: 'The grievance is logged under your name; someone else will decide it.', message: 'What the caller says',
    phone: 'Phone for the SMS answer (optional)', phoneHint: 'The phone on file by default.', save: 'Log the grievance', notWired: 'The grievance service is not connected yet.',
  },
});

export function subscriberGrievances(ctx: RequestContext, s: StoredSubscriber, list: Grievance[] | null): SafeHtml {
  const t = w(ctx.lang);
  const lang = ctx.lang;
  const op = operatorOf(ctx);
  if (list === null) return html`<section aria-labelledby="grievances"><h2 id="grievances">${t.title}</h2><p class="note">${t.notWired}</p></section>`;
  const rows = list.length === 0 ? html`<p>${t.none}</p>` : html`<div class="scroll"><table><thead><tr><th scope="col">${t.ticket}</th><th scope="col">${t.category}</th><th scope="col">${t.status}</th><th scope="col">${t.created}</th></tr></thead>
<tbody>${list.map((g) => html`<tr><td class="nowrap">${can(op.account.role, 'grievances.read') ? html`<a href="/console/reclamations/${g.ticket}">${g.ticket}</a>` : g.ticket}</td><td>${categoryName(g.category, lang)}</td>
<td>${statusName(g.status, lang)}</td><td>${when(g.created_at, lang)}</td></tr>`)}</tbody></table></div>`;
  const form = can(op.account.role, 'grievances.log') && html`<form method="post" action="/console/abonnes/${s.id}/reclamation" class="card"><input type="hidden" name="csrf" value="${op.csrf}">
<h3>${t.log}</h3><p class="hint">${t.logHint}</p><label for="g-category">${t.category}</label><select id="g-category" name="category" required>
${GRIEVANCE_CATEGORIES.map((c) => html`<option value="${c}">${categoryName(c, lang)}</option>`)}</select>
<label for="g-message">${t.message}</label><textarea id="g-message" name="message" maxlength="${NOTE_MAX}" rows="3" class="short"></textarea>
<label for="g-phone">${t.phone}</label><span class="hint" id="g-phone-hint">${t.phoneHint}</span><input type="text" id="g-phone" name="phone" value="${s.phone ?? ''}" maxlength="20" autocomplete="off" aria-describedby="g-phone-hint">
<button type="submit">${t.save}</button></form>`;
  return html`<section aria-labelledby="grievances"><h2 id="grievances">${t.title}</h2>${rows}${form}</section>`;
}
