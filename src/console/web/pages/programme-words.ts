/** @module The words of the programme screens, French and English. */
import { words } from '../i18n.js';

export const programmeWords = words({
  fr: {
    title: 'Programmes', inForce: 'Programme en vigueur', builtIn: 'programme intégré (jamais chargé)', loadedAt: 'chargé le', edit: 'Modifier le programme (éditeur JSON)',
    cycle: 'Période', state: 'État', open: 'ouverte', scheduled: 'prévue', closed: 'fermée', opensAt: 'Ouverture', closesAt: 'Clôture', budget: 'Enveloppe', noCeiling: 'sans plafond',
    benefits: 'Prestations', service: 'Service', amount: 'Montant', rule: 'Retenus si', electricity: 'électricité', water: 'eau',
    doOpen: 'Ouvrir la période', doClose: 'Fermer la période', doSchedule: 'Programmer l’ouverture', scheduleAt: 'Ouverture prévue le (heure de Libreville)',
    confirmOpen: 'Ouvrir cette période ? Les demandes seront acceptées dès maintenant.', confirmClose: 'Fermer cette période ? Plus aucune demande ne sera acceptée.',
    windows: 'Ouverture par agence', windowsHint: 'Une agence listée ici n’accepte les demandes qu’entre ces dates ; les autres suivent la période.', agency: 'Agence',
    noWindows: 'Aucune ouverture par agence : toutes les agences suivent la période.', setWindow: 'Enregistrer l’ouverture de l’agence', removeWindow: 'Retirer',
    windowOpens: 'Ouvre le', windowCloses: 'Ferme le (facultatif)', admit: 'Débit d’admission (file d’attente)', admitNow: 'Plafond actuel',
    admitHint: 'Demandes servies par seconde au plus, sur chaque serveur ; au-delà, la file d’attente. Laisser vide pour aucun plafond.', perS: 'par seconde', none: 'aucun',
    setAdmit: 'Appliquer le débit', stored: 'Programmes enregistrés', changed: 'Modification enregistrée.', refused: 'Modification refusée :',
    editorTitle: 'Modifier le programme', editorIntro: 'Le programme est un fichier JSON. Il est vérifié comme par « guichet programme validate », puis simulé sur tout le registre avant de pouvoir être enregistré.',
    body: 'Programme (JSON)', simCycle: 'Période à simuler', reference: 'Comparer à (programme en vigueur)', noReference: 'ne pas comparer', simulate: 'Vérifier et simuler sur tout le registre',
    problems: 'Le programme est refusé :', result: 'Simulation', save: 'Enregistrer ce programme', confirmSave: 'Enregistrer ce programme ? Il entre en vigueur sur tous les serveurs dans les deux secondes.',
    saved: 'Programme enregistré : il est en vigueur.', needDryRun: 'Simulez d’abord ce texte exact : seul un programme simulé peut être enregistré.',
    scanned: 'abonnés examinés en', ms: 'ms', overBudget: 'Attention : le budget nécessaire dépasse l’enveloppe.', back: '← Retour aux programmes', noCycle: 'Cette période n’existe pas dans le programme.',
  },
  en: {
    title: 'Programmes', inForce: 'Programme in force', builtIn: 'built-in programme (never loaded)', loadedAt: 'loaded on', edit: 'Edit the programme (JSON editor)',
    cycle: 'Period', state: 'State', open: 'open', scheduled: 'scheduled', closed: 'closed', opensAt: 'Opens', closesAt: 'Closes', budget: 'Envelope', noCeiling: 'no ceiling',
    benefits: 'Benefits', service: 'Service', amount: 'Amount', rule: 'Retained if', electricity: 'electricity', water: 'water',
    doOpen: 'Open the period', doClose: 'Close the period', doSchedule: 'Schedule the opening', scheduleAt: 'Opens on (Libreville time)',
    confirmOpen: 'Open this period? Claims are accepted from now on.', confirmClose: 'Close this period? No more claims will be accepted.',
    windows: 'Opening by agency', windowsHint: 'An agency listed here takes claims only between these dates; the others follow the period.', agency: 'Agency',
    noWindows: 'No opening by agency: every agency follows the period.', setWindow: 'Save the agency’s opening', removeWindow: 'Remove',
    windowOpens: 'Opens on', windowCloses: 'Closes on (optional)', admit: 'Admission rate (waiting line)', admitNow: 'Current ceiling',
    admitHint: 'Claims served per second at most, on each server; beyond it, the waiting line. Leave empty for no ceiling.', perS: 'per second', none: 'none',
    setAdmit: 'Apply the rate', stored: 'Stored programmes', changed: 'Change saved.', refused: 'Change refused:',
    editorTitle: 'Edit the programme', editorIntro: 'The programme is a JSON file. It is checked as by “guichet programme validate”, then simulated over the whole registry before it can be saved.',
    body: 'Programme (JSON)', simCycle: 'Period to simulate', reference: 'Compare with (programme in force)', noReference: 'do not compare', simulate: 'Check and simulate over the whole registry',
    problems: 'The programme is refused:', result: 'Simulation', save: 'Save this programme', confirmSave: 'Save this programme? It is in force on every server within two seconds.',
    saved: 'Programme saved: it is in force.', needDryRun: 'Simulate this exact text first: only a simulated programme can be saved.',
    scanned: 'subscribers examined in', ms: 'ms', overBudget: 'Warning: the budget needed is over the envelope.', back: '← Back to programmes', noCycle: 'This period is not in the programme.',
  },
});
