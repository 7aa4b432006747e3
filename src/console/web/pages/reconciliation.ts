/** @module The reconciliation as a page to print: totals by agency, service and metering, budget used, the journal's count and head. */
import { html } from '../../../http/html.js';
import type { Reconciliation } from '../../files/reconciliation.js';
import { fcfa, num, when, words } from '../i18n.js';
import { consolePage } from '../layout.js';
import type { RequestContext } from '../route.js';

const w = words({
  fr: {
    title: 'Rapprochement pour l’État', generated: 'Établi le', programme: 'Programme', agency: 'Agence', service: 'Service', metering: 'Comptage', cycle: 'Période',
    credits: 'Crédits', amount: 'Montant', total: 'Total', budget: 'Budget par période', spent: 'Utilisé', envelope: 'Enveloppe', none: 'sans plafond', share: 'Part utilisée',
    journal: 'Journal d’émission', entries: 'Nombre d’entrées', head: 'Empreinte de tête', verify: 'À comparer avec la sortie de « guichet journal verify », qui recalcule toute la chaîne.',
    print: 'Imprimer', csv: 'Télécharger en CSV', electricity: 'électricité', water: 'eau', prepaid: 'prépayé', postpaid: 'postpayé', none2: 'Aucun crédit attribué.',
  },
  en: {
    title: 'Reconciliation for the State', generated: 'Drawn up on', programme: 'Programme', agency: 'Agency', service: 'Service', metering: 'Metering', cycle: 'Period',
    credits: 'Credits', amount: 'Amount', total: 'Total', budget: 'Budget by period', spent: 'Used', envelope: 'Envelope', none: 'no ceiling', share: 'Share used',
    journal: 'Issuance journal', entries: 'Entries', head: 'Head hash', verify: 'To compare with the output of “guichet journal verify”, which recomputes the whole chain.',
    print: 'Print', csv: 'Download as CSV', electricity: 'electricity', water: 'water', prepaid: 'prepaid', postpaid: 'postpaid', none2: 'No credit issued.',
  },
});

export function reconciliationPage(o: { ctx: RequestContext; demo: boolean; r: Reconciliation }): string {
  const { ctx, r } = o;
  const lang = ctx.lang;
  const t = w(lang);
  const rows = [...r.rows].sort((a, b) => a.agency.localeCompare(b.agency, 'fr') || a.cycle.localeCompare(b.cycle) || a.service.localeCompare(b.service) || a.metering.localeCompare(b.metering));
  const body = html`<h1>${t.title}</h1>
<p>${t.programme} : <b>${r.programme.name}</b> (${r.programme.id}) · ${t.generated} ${when(r.at, lang)}</p>
<p class="noprint"><button type="button" data-print>${t.print}</button> <a class="button secondary" href="/console/fichiers/rapprochement.csv">${t.csv}</a></p>
${rows.length === 0 ? html`<p>${t.none2}</p>` : html`<table><caption class="sr">${t.title}</caption><thead><tr><th scope="col">${t.agency}</th><th scope="col">${t.cycle}</th><th scope="col">${t.service}</th><th scope="col">${t.metering}</th><th scope="col" class="n">${t.credits}</th><th scope="col" class="n">${t.amount}</th></tr></thead>
<tbody>${rows.map((x) => html`<tr><td>${x.agency}</td><td>${x.cycle}</td><td>${x.service === 'water' ? t.water : t.electricity}</td><td>${x.metering === 'prepaid' ? t.prepaid : t.postpaid}</td><td class="n">${num(x.credits, lang)}</td><td class="n">${fcfa(x.fcfa, lang)}</td></tr>`)}</tbody>
<tfoot><tr><th scope="row" colspan="4">${t.total}</th><td class="n" id="rec-credits">${num(r.credits, lang)}</td><td class="n" id="rec-fcfa">${fcfa(r.fcfa, lang)}</td></tr></tfoot></table>`}
<h2>${t.budget}</h2><table><thead><tr><th scope="col">${t.cycle}</th><th scope="col" class="n">${t.credits}</th><th scope="col" class="n">${t.spent}</th><th scope="col" class="n">${t.envelope}</th><th scope="col" class="n">${t.share}</th></tr></thead>
<tbody>${r.budget.map((b) => html`<tr><td>${b.label} (${b.cycle})</td><td class="n">${num(b.credits, lang)}</td><td class="n">${fcfa(b.spent_fcfa, lang)}</td><td class="n">${b.envelope_fcfa === null ? t.none : fcfa(b.envelope_fcfa, lang)}</td>
<td class="n">${b.envelope_fcfa ? `${num(Math.round((b.spent_fcfa / b.envelope_fcfa) * 1000) / 10, lang)} %` : '—'}</td></tr>`)}</tbody></table>
<h2>${t.journal}</h2><dl class="facts"><dt>${t.entries}</dt><dd id="rec-entries">${num(r.journal.entries, lang)}</dd><dt>${t.head}</dt><dd><code id="rec-head">${r.journal.head}</code></dd></dl><p class="hint">${t.verify}</p>`;
  return consolePage({ ctx, demo: o.demo, title: t.title, body, active: '/console/fichiers' });
}
