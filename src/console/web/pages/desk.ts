/** @module The call-centre desk's search page: one box (meter, contract, phone or name), an optional agency, the matches. */
import { html } from '../../../http/html.js';
import type { SearchHit } from '../../../store/search.js';
import { words } from '../i18n.js';
import { consolePage } from '../layout.js';
import type { RequestContext } from '../route.js';

const w = words({
  fr: {
    title: 'Centre d’appels', label: 'Rechercher un abonné', hint: 'Numéro de compteur, numéro de contrat, téléphone, ou nom du titulaire (les accents et une faute de frappe sont tolérés).',
    agency: 'Agence', anyAgency: 'Toutes les agences', search: 'Rechercher', results: 'Résultats', none: 'Aucun abonné ne correspond. Vérifiez le numéro ou demandez le numéro de compteur inscrit sur la facture.',
    holder: 'Titulaire', contract: 'Contrat', meter: 'Compteur', service: 'Service', phone: 'Téléphone', match: 'Trouvé par',
    many: 'Beaucoup d’abonnés correspondent : précisez le prénom ou l’agence, ou demandez le numéro de compteur.',
    mMeter: 'compteur', mContract: 'contrat', mPhone: 'téléphone', mName: 'nom', electricity: 'électricité', water: 'eau', tooLong: 'La recherche est trop longue (120 caractères au plus).',
  },
  en: {
    title: 'Call centre', label: 'Find a subscriber', hint: 'Meter number, contract number, phone, or the holder’s name (accents and a typing slip are tolerated).',
    agency: 'Agency', anyAgency: 'All agencies', search: 'Search', results: 'Results', none: 'No subscriber matches. Check the number or ask for the meter number printed on the bill.',
    holder: 'Holder', contract: 'Contract', meter: 'Meter', service: 'Service', phone: 'Phone', match: 'Found by',
    many: 'Many subscribers match: add the first name or the agency, or ask for the meter number.',
    mMeter: 'meter', mContract: 'contract', mPhone: 'phone', mName: 'name', electricity: 'electricity', water: 'water', tooLong: 'The search is too long (120 characters at most).',
  },
});

export interface DeskView {
  ctx: RequestContext;
  demo: boolean;
  q: string;
  agency: string | null;
  agencies: readonly string[];
  hits: SearchHit[] | null;
  limit: number;
  problem?: 'tooLong';
}

export function deskPage(v: DeskView): string {
  const t = w(v.ctx.lang);
  const matchName = { meter: t.mMeter, contract: t.mContract, phone: t.mPhone, name: t.mName };
  const hits = v.hits;
  const body = html`<h1>${t.title}</h1>
<form method="get" action="/console/guichet" class="card" role="search">
<div class="row"><div><label for="q">${t.label}</label><span class="hint" id="q-hint">${t.hint}</span>
<input type="search" id="q" name="q" value="${v.q}" maxlength="120" autocomplete="off" aria-describedby="q-hint" autofocus${v.problem ? html` aria-invalid="true"` : ''}></div>
<div><label for="agence">${t.agency}</label><select id="agence" name="agence"><option value="">${t.anyAgency}</option>
${v.agencies.map((a) => html`<option value="${a}"${a === v.agency ? html` selected` : ''}>${a}</option>`)}</select></div></div>
<button type="submit">${t.search}</button></form>
${v.problem && html`<p class="alert" role="alert">${t[v.problem]}</p>`}
${hits && html`<section aria-labelledby="results"><h2 id="results">${t.results} (${hits.length})</h2>
${hits.length === 0 ? html`<p role="status">${t.none}</p>` : html`${hits.length >= v.limit && html`<p class="note" role="status">${t.many}</p>`}
<div class="scroll"><table><thead><tr><th scope="col">${t.holder}</th><th scope="col">${t.contract}</th><th scope="col">${t.meter}</th><th scope="col">${t.service}</th><th scope="col">${t.agency}</th><th scope="col">${t.phone}</th><th scope="col">${t.match}</th></tr></thead>
<tbody>${hits.map((h) => html`<tr><td><a href="/console/abonnes/${h.subscriber.id}">${h.subscriber.holder_name}</a></td><td>${h.subscriber.contract_no}</td><td>${h.subscriber.meter_no}</td>
<td>${h.subscriber.service === 'water' ? t.water : t.electricity}, ${h.subscriber.metering}</td><td>${h.subscriber.agency}</td><td>${h.subscriber.phone ?? '—'}</td><td>${matchName[h.match]}</td></tr>`)}</tbody></table></div>`}</section>`}`;
  return consolePage({ ctx: v.ctx, demo: v.demo, title: t.title, body, active: '/console/guichet' });
}
