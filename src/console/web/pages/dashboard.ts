/**
 * @module The live dashboard: the crowd, the line, the budget, refusals, credits by service, metering and agency, SMS
 * by state. Rendered whole by the server (a reload shows the state without JavaScript); live.js then follows the
 * event stream and draws the time series with uPlot.
 */
import { html } from '../../../http/html.js';
import type { LiveSnapshot, Point } from '../../live/feed.js';
import { fcfa, num, when, words, type Lang } from '../i18n.js';
import { consolePage } from '../layout.js';
import type { RequestContext } from '../route.js';

export const dashboardWords = words({
  fr: {
    title: 'Tableau de bord', intro: 'Mis à jour chaque seconde. Les débits sont ceux de ce serveur ; le budget et les SMS comptent tous les serveurs.',
    live: 'En direct', stale: 'Connexion perdue, reconnexion…', noscript: 'Sans JavaScript, cette page montre l’état au moment du chargement : rechargez-la pour le mettre à jour.',
    claimsPerS: 'Demandes par seconde', issuedPerS: 'Crédits attribués par seconde', waiting: 'Personnes en file', wait: 'Attente estimée',
    credits: 'Crédits attribués', amount: 'Montant attribué', budget: 'Budget', envelope: 'enveloppe', used: 'utilisé', none: 'aucun plafond',
    line: 'File d’attente', phase: 'Phase', rate: 'Débit d’admission', admitRate: 'Plafond d’admission', noCeiling: 'aucun', perS: '/s', seconds: 's',
    chartRate: 'Demandes et crédits par seconde, dix dernières minutes', chartLine: 'Personnes en file, dix dernières minutes',
    byService: 'Par service et comptage', byAgency: 'Par agence', service: 'Service', metering: 'Comptage', agency: 'Agence', count: 'Crédits', fcfaCol: 'FCFA',
    refusals: 'Refus et autres issues', reason: 'Issue', times: 'Nombre', sms: 'SMS par état', smsNotWired: 'Les SMS ne sont pas encore raccordés à la console.',
    state: 'État', cycle: 'Période en cours', noCycle: 'aucune période ouverte', at: 'Relevé à',
    electricity: 'électricité', water: 'eau', prepaid: 'prépayé', postpaid: 'postpayé',
    prequeue: 'pré-file', open: 'ouverte', closed: 'fermée', time: 'Heure',
  },
  en: {
    title: 'Dashboard', intro: 'Updated every second. Rates are this server’s; the budget and SMS count every server.',
    live: 'Live', stale: 'Connection lost, reconnecting…', noscript: 'Without JavaScript this page shows the state when it was loaded: reload it to update.',
    claimsPerS: 'Claims per second', issuedPerS: 'Credits issued per second', waiting: 'People in line', wait: 'Estimated wait',
    credits: 'Credits issued', amount: 'Amount issued', budget: 'Budget', envelope: 'envelope', used: 'used', none: 'no ceiling',
    line: 'Waiting line', phase: 'Phase', rate: 'Admission rate', admitRate: 'Admission ceiling', noCeiling: 'none', perS: '/s', seconds: 's',
    chartRate: 'Claims and credits per second, last ten minutes', chartLine: 'People in line, last ten minutes',
    byService: 'By service and metering', byAgency: 'By agency', service: 'Service', metering: 'Metering', agency: 'Agency', count: 'Credits', fcfaCol: 'FCFA',
    refusals: 'Refusals and other outcomes', reason: 'Outcome', times: 'Count', sms: 'SMS by state', smsNotWired: 'SMS are not connected to the console yet.',
    state: 'State', cycle: 'Current period', noCycle: 'no period open', at: 'As of',
    electricity: 'electricity', water: 'water', prepaid: 'prepaid', postpaid: 'postpaid',
    prequeue: 'pre-queue', open: 'open', closed: 'closed', time: 'Time',
  },
});

type W = ReturnType<typeof dashboardWords>;

function serviceRows(s: LiveSnapshot, t: W, lang: Lang) {
  const m = new Map<string, { credits: number; fcfa: number }>();
  for (const r of s.totals.rows) {
    const k = `${r.service}|${r.metering}`;
    const b = m.get(k) ?? { credits: 0, fcfa: 0 };
    b.credits += r.credits;
    b.fcfa += r.fcfa;
    m.set(k, b);
  }
  return [...m].sort().map(([k, b]) => {
    const [service, metering] = k.split('|');
    return html`<tr><td>${service === 'water' ? t.water : t.electricity}</td><td>${metering === 'prepaid' ? t.prepaid : t.postpaid}</td><td class="n">${num(b.credits, lang)}</td><td class="n">${num(b.fcfa, lang)}</td></tr>`;
  });
}

function agencyRows(s: LiveSnapshot, lang: Lang) {
  const m = new Map<string, { credits: number; fcfa: number }>();
  for (const r of s.totals.rows) {
    const b = m.get(r.agency) ?? { credits: 0, fcfa: 0 };
    b.credits += r.credits;
    b.fcfa += r.fcfa;
    m.set(r.agency, b);
  }
  return [...m].sort((a, b) => b[1].credits - a[1].credits).map(([a, b]) => html`<tr><td>${a}</td><td class="n">${num(b.credits, lang)}</td><td class="n">${num(b.fcfa, lang)}</td></tr>`);
}

export function dashboardPage(o: { ctx: RequestContext; demo: boolean; snap: LiveSnapshot; series: Point[]; reasons: Record<string, string> }): string {
  const { ctx, snap: s } = o;
  const lang = ctx.lang;
  const t = dashboardWords(lang);
  const current = s.budget.find((b) => b.cycle === s.cycle?.id) ?? null;
  const labels = { ...t, reasons: o.reasons, lang };
  const body = html`<h1>${t.title}</h1>
<p>${t.intro} <span id="live-status" class="badge" role="status" aria-live="polite">${t.at} ${when(s.at, lang)}</span></p>
<noscript><p class="note">${t.noscript}</p></noscript>
<div id="live-labels" hidden data-json="${JSON.stringify(labels)}"></div>
<p>${t.cycle} : <b id="kpi-cycle">${s.cycle ? `${s.cycle.label} (${t[s.cycle.state as 'open' | 'closed'] ?? s.cycle.state})` : t.noCycle}</b></p>
<div class="grid">
<div class="card"><h2>${t.claimsPerS}</h2><p class="kpi" id="kpi-claims">${num(s.point.claims, lang)}</p></div>
<div class="card"><h2>${t.credits}</h2><p class="kpi" id="kpi-credits">${num(s.totals.credits, lang)}</p><p id="kpi-amount">${fcfa(s.totals.fcfa, lang)}</p></div>
<div class="card"><h2>${t.line}</h2><p class="kpi" id="kpi-waiting">${num(s.line?.waiting ?? 0, lang)}</p><p>${t.wait} : <b id="kpi-wait">${num(s.line?.wait_s ?? 0, lang)} ${t.seconds}</b> · ${t.rate} : <b id="kpi-rate">${num(s.line?.rate ?? 0, lang)}${t.perS}</b> · ${t.admitRate} : <b id="kpi-admit">${s.line?.admit_rate ? `${num(s.line.admit_rate, lang)}${t.perS}` : t.noCeiling}</b></p></div>
<div class="card"><h2>${t.budget}</h2>${current && current.envelope !== null ? html`<p class="kpi" id="kpi-budget">${num(Math.round((current.spent / current.envelope) * 1000) / 10, lang)} %</p>
<meter id="meter-budget" min="0" max="${current.envelope}" value="${current.spent}" aria-label="${t.budget}">${num(current.spent, lang)}</meter>
<p id="kpi-budget-text">${fcfa(current.spent, lang)} ${t.used} / ${fcfa(current.envelope, lang)} (${t.envelope})</p>` : html`<p id="kpi-budget">${t.none}</p>`}</div>
</div>
<section aria-labelledby="h-rate"><h2 id="h-rate">${t.chartRate}</h2><div id="chart-rate" class="chart" role="img" aria-label="${t.chartRate}"></div></section>
<section aria-labelledby="h-line"><h2 id="h-line">${t.chartLine}</h2><div id="chart-line" class="chart" role="img" aria-label="${t.chartLine}"></div></section>
<div class="grid">
<section aria-labelledby="h-service"><h2 id="h-service">${t.byService}</h2><table><thead><tr><th scope="col">${t.service}</th><th scope="col">${t.metering}</th><th scope="col" class="n">${t.count}</th><th scope="col" class="n">${t.fcfaCol}</th></tr></thead><tbody id="tbody-service">${serviceRows(s, t, lang)}</tbody></table></section>
<section aria-labelledby="h-refusals"><h2 id="h-refusals">${t.refusals}</h2><table><thead><tr><th scope="col">${t.reason}</th><th scope="col" class="n">${t.times}</th></tr></thead><tbody id="tbody-outcomes">${Object.entries(s.outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => html`<tr><td>${o.reasons[k] ?? k}</td><td class="n">${num(v, lang)}</td></tr>`)}</tbody></table></section>
<section aria-labelledby="h-sms"><h2 id="h-sms">${t.sms}</h2>${s.sms === null ? html`<p class="note" id="sms-none">${t.smsNotWired}</p>` : html`<table><thead><tr><th scope="col">${t.state}</th><th scope="col" class="n">${t.times}</th></tr></thead><tbody id="tbody-sms">${Object.entries(s.sms).map(([k, v]) => html`<tr><td>${k}</td><td class="n">${num(v, lang)}</td></tr>`)}</tbody></table>`}</section>
</div>
<section aria-labelledby="h-agency"><h2 id="h-agency">${t.byAgency}</h2><div class="scroll"><table><thead><tr><th scope="col">${t.agency}</th><th scope="col" class="n">${t.count}</th><th scope="col" class="n">${t.fcfaCol}</th></tr></thead><tbody id="tbody-agency">${agencyRows(s, lang)}</tbody></table></div></section>`;
  return consolePage({ ctx, demo: o.demo, title: t.title, body, active: '/console/tableau', scripts: ['uplot.js', 'live.js'], styles: ['uplot.css'] });
}
