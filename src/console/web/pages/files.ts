/** @module Imports and exports: upload a registry or a code pool (with progress and rejects), export a cycle's credits for billing, the reconciliation. */
import { html } from '../../../http/html.js';
import type { Programme } from '../../../domain/programme.js';
import { can } from '../../auth/roles.js';
import { words } from '../i18n.js';
import { consolePage } from '../layout.js';
import { operatorOf, type RequestContext } from '../route.js';

export const filesWords = words({
  fr: {
    title: 'Imports et exports', registry: 'Importer le registre des abonnés', registryHint: 'Fichier CSV UTF-8 du registre (colonnes du contrat §2) : les abonnés sont ajoutés ou mis à jour par numéro de contrat, exactement comme avec « guichet import ». Les lignes refusées sont téléchargeables avec leur numéro et leur motif.',
    codes: 'Importer un lot de codes prépayés', codesHint: 'Fichier CSV meter_no,cycle,token,units généré par le système de vente : comme « guichet codes import ». Un serveur en marche charge les codes à son démarrage : redémarrez les serveurs après l’import.',
    file: 'Fichier CSV', send: 'Envoyer et importer', noscript: 'L’envoi d’un fichier et sa progression demandent JavaScript ; sans lui, utilisez « guichet import » sur le serveur.',
    upload: 'Envoi', progress: 'Import', done: 'Import terminé', failed: 'Import refusé', rejects: 'Télécharger les lignes refusées',
    exportTitle: 'Exporter les crédits pour la facturation', exportHint: 'Les crédits d’une période en CSV, comme « guichet export credits » : comptes postpayés par défaut ; jamais les codes.',
    cycle: 'Période', all: 'Tous les crédits (prépayés compris, sans les codes)', download: 'Télécharger le CSV',
    reconciliation: 'Rapprochement pour l’État', reconciliationHint: 'Totaux par agence, service et comptage, budget utilisé, nombre d’entrées et empreinte de tête du journal : en page imprimable ou en CSV.',
    page: 'Ouvrir la page imprimable', csv: 'Télécharger le CSV',
  },
  en: {
    title: 'Imports and exports', registry: 'Import the subscriber registry', registryHint: 'The registry as a UTF-8 CSV (CONTRACT §2 columns): subscribers are added or updated by contract number, exactly as with “guichet import”. Refused rows can be downloaded with their line number and reason.',
    codes: 'Import a batch of prepaid codes', codesHint: 'A meter_no,cycle,token,units CSV from the vending system: as “guichet codes import”. A running server loads the codes when it starts: restart the servers after the import.',
    file: 'CSV file', send: 'Send and import', noscript: 'Sending a file and its progress need JavaScript; without it, use “guichet import” on the server.',
    upload: 'Upload', progress: 'Import', done: 'Import finished', failed: 'Import refused', rejects: 'Download the refused rows',
    exportTitle: 'Export credits for billing', exportHint: 'A period’s credits as CSV, as “guichet export credits”: postpaid accounts by default; never the codes.',
    cycle: 'Period', all: 'Every credit (prepaid too, without the codes)', download: 'Download the CSV',
    reconciliation: 'Reconciliation for the State', reconciliationHint: 'Totals by agency, service and metering, budget used, the journal’s entry count and head hash: as a printable page or CSV.',
    page: 'Open the printable page', csv: 'Download the CSV',
  },
});

export function filesPage(o: { ctx: RequestContext; demo: boolean; programme: Programme }): string {
  const { ctx } = o;
  const t = filesWords(ctx.lang);
  const op = operatorOf(ctx);
  const role = op.account.role;
  const upload = (kind: 'registry' | 'codes', title: string, hint: string) => html`<section class="card" aria-labelledby="h-${kind}"><h2 id="h-${kind}">${title}</h2><p class="hint">${hint}</p>
<form class="upload" data-kind="${kind}" data-csrf="${op.csrf}" method="post" action="/console/api/imports/${kind}">
<label for="file-${kind}">${t.file}</label><input type="file" id="file-${kind}" name="file" accept=".csv,text/csv" required>
<button type="submit">${t.send}</button>
<div class="progress" hidden><label for="up-${kind}">${t.upload}</label><progress id="up-${kind}" max="100" value="0"></progress>
<label for="im-${kind}">${t.progress}</label><progress id="im-${kind}" max="100" value="0"></progress></div>
<div class="result" role="status" aria-live="polite"></div></form></section>`;
  const body = html`<h1>${t.title}</h1><noscript><p class="note">${t.noscript}</p></noscript>
<div id="files-labels" hidden data-json="${JSON.stringify({ done: t.done, failed: t.failed, rejects: t.rejects, lang: ctx.lang })}"></div>
${can(role, 'imports.run') && upload('registry', t.registry, t.registryHint)}
${can(role, 'imports.run') && upload('codes', t.codes, t.codesHint)}
${can(role, 'exports.run') && html`<section class="card" aria-labelledby="h-export"><h2 id="h-export">${t.exportTitle}</h2><p class="hint">${t.exportHint}</p>
<form method="get" action="/console/fichiers/credits.csv" class="row"><div><label for="export-cycle">${t.cycle}</label><select id="export-cycle" name="cycle">${o.programme.cycles.map((c) => html`<option value="${c.id}">${c.id} — ${c.label}</option>`)}</select></div>
<div><input type="checkbox" id="export-all" name="all" value="1"> <label for="export-all" class="inline">${t.all}</label></div><button type="submit">${t.download}</button></form></section>`}
${can(role, 'reconciliation.read') && html`<section class="card" aria-labelledby="h-rec"><h2 id="h-rec">${t.reconciliation}</h2><p class="hint">${t.reconciliationHint}</p>
<p><a class="button" href="/console/rapprochement">${t.page}</a> <a class="button secondary" href="/console/fichiers/rapprochement.csv">${t.csv}</a></p></section>`}`;
  return consolePage({ ctx, demo: o.demo, title: t.title, body, active: '/console/fichiers', scripts: ['upload.js'] });
}
