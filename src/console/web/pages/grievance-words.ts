/** @module The words of the console's grievance screens (queue, one grievance, report), French and English. */
import type { GrievanceCategory, GrievanceStatus } from '../../../domain/grievance.js';
import { words, type Lang } from '../i18n.js';

export const grievanceWords = words({
  fr: {
    queue: 'Réclamations', one: 'Réclamation', category: 'Catégorie', agency: 'Agence', status: 'Statut', late: 'En retard seulement', anyCategory: 'Toutes les catégories',
    anyAgency: 'Toutes les agences', undecided: 'À traiter (ouvertes et en examen)', anyStatus: 'Tous les statuts', filter: 'Filtrer', ticket: 'Ticket', age: 'Ancienneté',
    sla: 'Délai', assignee: 'Attribuée à', nobody: 'personne', none: 'Aucune réclamation ne correspond à ces filtres.', next: 'Réclamations suivantes', first: 'Retour au début',
    slaOk: 'Dans les délais\u00a0: reste {left}', slaAmber: 'Bientôt en retard\u00a0: reste {left}', slaRed: 'En retard de {left}', slaDone: 'Décidée',
    report: 'Rapport des réclamations', reportLink: 'Voir le rapport', noAgency: 'sans agence', unknown: 'inconnu',
    badFilter: 'Filtre inconnu\u00a0: choisissez une valeur de la liste.', notWired: 'Le service des réclamations n’est pas encore raccordé à cette console.',
    back: '← Retour à la file', facts: 'La réclamation', subscriber: 'L’abonné', noSubscriber: 'Numéro inconnu du registre\u00a0: {number}.', openDesk: 'Ouvrir sa fiche au centre d’appels',
    holder: 'Titulaire', contract: 'Contrat', meter: 'Compteur', number: 'Numéro donné', phone: 'Téléphone', noPhone: 'aucun', channel: 'Canal', created: 'Reçue le',
    due: 'Échéance', loggedBy: 'Enregistrée par', subscriberSelf: 'l’abonné lui-même', rule: 'Règle contestée', cycle: 'Période',
    message: 'Message de l’abonné', noMessage: '(aucun message)', decision: 'Décision', decidedBy: 'Décidée par', reason: 'Motif pour l’abonné', remedy: 'Suite donnée',
    notes: 'Notes', noNotes: 'Aucune note.', addNote: 'Ajouter une note', saveNote: 'Enregistrer la note', work: 'Traitement',
    take: 'Me l’attribuer', release: 'La remettre dans la file', assignedToYou: 'Cette réclamation vous est attribuée.',
    decide: 'Décider', accept: 'Accepter', reject: 'Rejeter', reasonLabel: 'Motif écrit pour l’abonné (obligatoire, 500 caractères au plus)',
    reasonHint: 'Il lui est envoyé tel quel, en français simple.', remedyLegend: 'Si vous acceptez\u00a0: que faire du code refusé\u00a0?',
    resend: 'Renvoyer le même code', replacement: 'Émettre un code de remplacement (même montant, nouveau code)', send: 'Enregistrer la décision',
    confirmDecide: 'Enregistrer cette décision\u00a0? Elle sera communiquée à l’abonné.', sameDuty: 'Vous avez enregistré cette réclamation\u00a0: une autre personne doit la décider (séparation des tâches).',
    decideBad: 'Choisissez « Accepter » ou « Rejeter » et écrivez un motif pour l’abonné (500 caractères au plus).',
    decidedAlready: 'Cette réclamation est déjà décidée.', notFound: 'Aucune réclamation avec ce numéro.', malformed: 'Ce numéro de réclamation est mal formé (par exemple R-7K3Q9X).',
    okLogged: 'Réclamation enregistrée pour l’appelant\u00a0: ticket {ticket}.', okExisting: 'Une réclamation de cette catégorie est déjà ouverte pour cet abonné\u00a0: ticket {ticket}.',
    okNote: 'Note enregistrée.', okTaken: 'Réclamation attribuée.', okReleased: 'Réclamation remise dans la file.', okDecided: 'Décision enregistrée.',
    noteBad: 'La note est vide ou trop longue (2 000 caractères au plus).', notYours: 'Cette réclamation est attribuée à quelqu’un d’autre.',
    open: 'ouverte', in_review: 'en examen', accepted: 'acceptée', rejected: 'rejetée',
    not_retained: 'Non retenu', unknown_meter: 'Compteur inconnu', code_rejected: 'Code refusé par le compteur', not_credited: 'Crédit absent de la facture', other: 'Autre',
    rExceptionA: 'Exception accordée pour la période {cycle}\u00a0: l’abonné peut demander son crédit.', rResend: 'Le même code a été renvoyé.', rReplacement: 'Un code de remplacement a été émis.',
    rBilling: 'Le crédit est signalé au service facturation.', rNone: 'Aucune action automatique.',
    rTitle: 'Rapport des réclamations', byCatAgency: 'Par catégorie et par agence', open_: 'Ouvertes', late_: 'En retard', decided_: 'Décidées', total: 'Total',
    median: 'Temps médian jusqu’à la décision', noMedian: 'aucune réclamation décidée pour le moment', perRule: 'Taux d’acceptation par règle',
    perRuleHint: 'Une règle que beaucoup contestent avec succès est une règle à revoir\u00a0: elles sont signalées en tête.', ruleCol: 'Règle', accepted_: 'Acceptées', rate: 'Taux',
    contested: 'règle contestée avec succès dans {pct}\u00a0% des cas', noRules: 'Aucune réclamation décidée ne conteste une règle.', csv: 'Télécharger le rapport (CSV)', empty: 'Aucune réclamation.',
  },
  en: {
    queue: 'Grievances', one: 'Grievance', category: 'Category', agency: 'Agency', status: 'Status', late: 'Late only', anyCategory: 'All categories',
    anyAgency: 'All agencies', undecided: 'To handle (open and in review)', anyStatus: 'All statuses', filter: 'Filter', ticket: 'Ticket', age: 'Age',
    sla: 'Time limit', assignee: 'Assigned to', nobody: 'nobody', none: 'No grievance matches these filters.', next: 'Next grievances', first: 'Back to the start',
    slaOk: 'In time: {left} left', slaAmber: 'Nearly late: {left} left', slaRed: 'Late by {left}', slaDone: 'Decided',
    report: 'Grievance report', reportLink: 'See the report', noAgency: 'no agency', unknown: 'unknown',
    badFilter: 'Unknown filter: pick a value from the list.', notWired: 'The grievance service is not connected to this console yet.',
    back: '← Back to the queue', facts: 'The grievance', subscriber: 'The subscriber', noSubscriber: 'A number the registry does not hold: {number}.', openDesk: 'Open their call-centre page',
    holder: 'Holder', contract: 'Contract', meter: 'Meter', number: 'Number given', phone: 'Phone', noPhone: 'none', channel: 'Channel', created: 'Received',
    due: 'Due', loggedBy: 'Logged by', subscriberSelf: 'the subscriber', rule: 'Rule contested', cycle: 'Period',
    message: 'The subscriber’s message', noMessage: '(no message)', decision: 'Decision', decidedBy: 'Decided by', reason: 'Reason for the subscriber', remedy: 'Outcome',
    notes: 'Notes', noNotes: 'No notes.', addNote: 'Add a note', saveNote: 'Save the note', work: 'Handling',
    take: 'Assign to me', release: 'Put it back in the queue', assignedToYou: 'This grievance is assigned to you.',
    decide: 'Decide', accept: 'Accept', reject: 'Reject', reasonLabel: 'Reason written for the subscriber (required, 500 characters at most)',
    reasonHint: 'It is sent to them as written, in plain French.', remedyLegend: 'If you accept: what to do about the rejected code?',
    resend: 'Send the same code again', replacement: 'Issue a replacement code (same amount, new code)', send: 'Record the decision',
    confirmDecide: 'Record this decision? The subscriber will be told.', sameDuty: 'You logged this grievance: someone else must decide it (separation of duties).',
    decideBad: 'Choose “Accept” or “Reject” and write a reason for the subscriber (500 characters at most).',
    decidedAlready: 'This grievance is already decided.', notFound: 'No grievance with this number.', malformed: 'This grievance number is malformed (for example R-7K3Q9X).',
    okLogged: 'Grievance logged for the caller: ticket {ticket}.', okExisting: 'A grievance of this category is already open for this subscriber: ticket {ticket}.',
    okNote: 'Note saved.', okTaken: 'Grievance assigned.', okReleased: 'Grievance back in the queue.', okDecided: 'Decision recorded.',
    noteBad: 'The note is empty or too long (2,000 characters at most).', notYours: 'This grievance is assigned to someone else.',
    open: 'open', in_review: 'in review', accepted: 'accepted', rejected: 'rejected',
    not_retained: 'Not retained', unknown_meter: 'Unknown meter', code_rejected: 'Code rejected by the meter', not_credited: 'Credit not on the bill', other: 'Other',
    rExceptionA: 'Exception granted for period {cycle}: the subscriber may claim their credit.', rResend: 'The same code was sent again.', rReplacement: 'A replacement code was issued.',
    rBilling: 'The credit is flagged for the billing team.', rNone: 'No automatic action.',
    rTitle: 'Grievance report', byCatAgency: 'By category and agency', open_: 'Open', late_: 'Late', decided_: 'Decided', total: 'Total',
    median: 'Median time to a decision', noMedian: 'no grievance decided yet', perRule: 'Acceptance rate per rule',
    perRuleHint: 'A rule many people contest successfully is a rule to review: those are flagged at the top.', ruleCol: 'Rule', accepted_: 'Accepted', rate: 'Rate',
    contested: 'rule successfully contested in {pct}% of cases', noRules: 'No decided grievance contests a rule.', csv: 'Download the report (CSV)', empty: 'No grievance.',
  },
});

export type GrievanceWords = ReturnType<typeof grievanceWords>;

export const fill = (s: string, v: Record<string, string | number>): string => s.replace(/\{(\w+)\}/g, (_m, k: string) => String(v[k] ?? ''));

export const categoryName = (c: GrievanceCategory, lang: Lang): string => grievanceWords(lang)[c];
export const statusName = (s: GrievanceStatus, lang: Lang): string => grievanceWords(lang)[s];
