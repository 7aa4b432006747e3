/** @module The words of the desk's subscriber page, French and English. */
import { words } from '../i18n.js';

export const subscriberWords = words({
  fr: {
    back: '← Retour à la recherche', contract: 'Contrat', meter: 'Compteur', service: 'Service', tariff: 'Tarif', use: 'Consommation moyenne', category: 'Catégorie',
    agency: 'Agence', phone: 'Téléphone', noPhone: 'aucun', electricity: 'électricité', water: 'eau', prepaid: 'prépayé', postpaid: 'postpayé',
    cycles: 'Droits par période', cycle: 'Période', state: 'État', decision: 'Décision', credit: 'Crédit', open: 'ouverte', scheduled: 'prévue', closed: 'fermée',
    retained: 'retenu', laterYes: 'Retenu par les règles de cette période à son ouverture.', laterNo: 'Les règles de cette période ne le retiennent pas.',
    issueTitle: 'Attribuer pour l’appelant', issueHint: 'Le crédit est attribué par le même moteur que le site ; le SMS part vers le téléphone enregistré, jamais vers un autre numéro.',
    issue: 'Attribuer le crédit', confirmIssue: 'Attribuer le crédit de cette période à cet abonné ?', noOpenCycle: 'Aucune période n’est ouverte : rien ne peut être attribué pour le moment.',
    credits: 'Crédits', noCredit: 'Aucun crédit attribué.', claim: 'Référence', amount: 'Montant', units: 'Unités', issuedAt: 'Attribué le', channel: 'Canal', actions: 'Actions',
    resend: 'Renvoyer le SMS', reveal: 'Afficher le code', reason: 'Motif (obligatoire, inscrit au journal d’audit)', reasonHint: 'Par exemple : « l’abonné a effacé le SMS, appel du 3 avril ».',
    show: 'Afficher le code', tokenIs: 'Code à lire à l’appelant :', retry: 'Réessayer maintenant',
    sms: 'SMS', smsNotWired: 'L’historique des SMS n’est pas encore raccordé à la console : la file d’envoi est en cours de branchement. Le renvoi est indisponible.',
    noSms: 'Aucun SMS pour cet abonné.', at: 'Date', text: 'Texte', hiddenText: '(texte avec le code, masqué)',
    notes: 'Notes', noNotes: 'Aucune note.', addNote: 'Ajouter une note', saveNote: 'Enregistrer la note',
  },
  en: {
    back: '← Back to the search', contract: 'Contract', meter: 'Meter', service: 'Service', tariff: 'Tariff', use: 'Average use', category: 'Category',
    agency: 'Agency', phone: 'Phone', noPhone: 'none', electricity: 'electricity', water: 'water', prepaid: 'prepaid', postpaid: 'postpaid',
    cycles: 'Rights by period', cycle: 'Period', state: 'State', decision: 'Decision', credit: 'Credit', open: 'open', scheduled: 'scheduled', closed: 'closed',
    retained: 'retained', laterYes: 'This period’s rules retain them once it opens.', laterNo: 'This period’s rules do not retain them.',
    issueTitle: 'Issue on the caller’s behalf', issueHint: 'The credit is issued by the same engine as the web page; the SMS goes to the phone on file, never to another number.',
    issue: 'Issue the credit', confirmIssue: 'Issue this period’s credit to this subscriber?', noOpenCycle: 'No period is open: nothing can be issued for now.',
    credits: 'Credits', noCredit: 'No credit issued.', claim: 'Reference', amount: 'Amount', units: 'Units', issuedAt: 'Issued', channel: 'Channel', actions: 'Actions',
    resend: 'Send the SMS again', reveal: 'Show the code', reason: 'Reason (required, written to the audit log)', reasonHint: 'For example: “subscriber deleted the SMS, call of 3 April”.',
    show: 'Show the code', tokenIs: 'Code to read to the caller:', retry: 'Try again now',
    sms: 'SMS', smsNotWired: 'The SMS history is not connected to the console yet: the outbox is being wired. Sending again is unavailable.',
    noSms: 'No SMS for this subscriber.', at: 'When', text: 'Text', hiddenText: '(text with the code, hidden)',
    notes: 'Notes', noNotes: 'No notes.', addNote: 'Add a note', saveNote: 'Save the note',
  },
});
