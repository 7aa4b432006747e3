/** @module The words of USSD option 4 (grievances), French first, then English: GSM-7 only (no ê ô î â ç ’ « »), short. */
import type { GrievanceCategory, GrievanceStatus } from '../../domain/grievance.js';
import type { Lang } from './words.js';

export interface ContestWords {
  menu: string;
  categories: string;
  /** Short: the category list leaves no room for the menu's full sentence. */
  wrong: string;
  category: Record<GrievanceCategory, string>;
  status: Record<GrievanceStatus, string>;
  numberPrompt: (category: string) => string;
  confirm: (category: string, number: string) => string;
  raised: (ticket: string, category: string) => string;
  smsFollows: (phone: string) => string;
  followHow: string;
  existing: (ticket: string, status: string) => string;
  trackPrompt: string;
  trackEmpty: string;
  ticketLine: (ticket: string, category: string, status: string) => string;
  reason: (words: string) => string;
  /** An accepted eligibility grievance: the claim now goes through. */
  claimNow: string;
  more: (n: number) => string;
  none: (query: string) => string;
  malformed: string;
  notFound: string;
}

const fr: ContestWords = {
  menu: 'Réclamations\n1 Faire une réclamation\n2 Suivre ma réclamation\n0 Retour',
  categories: 'Motif de la réclamation:\n1 Non retenu\n2 Compteur inconnu\n3 Code refusé par le compteur\n4 Crédit absent de la facture\n5 Autre\n0 Retour',
  wrong: 'Choix inconnu.',
  category: { not_retained: 'Non retenu', unknown_meter: 'Compteur inconnu', code_rejected: 'Code refusé par le compteur', not_credited: 'Crédit absent de la facture', other: 'Autre' },
  status: { open: 'en attente d\'examen', in_review: 'en cours d\'examen', accepted: 'acceptée', rejected: 'refusée' },
  numberPrompt: (c) => `Réclamation: ${c}. Tapez votre numéro de compteur ou de contrat:`,
  confirm: (c, n) => `Réclamation "${c}" pour le numéro ${n}.\n1 Confirmer\n0 Annuler`,
  raised: (t, c) => `Réclamation ${t} enregistrée (${c}). Notez ce numéro.`,
  smsFollows: (p) => `Réponse par SMS au ${p}.`,
  followHow: 'Suivi: menu 4 puis 2.',
  existing: (t, s) => `Vous avez déjà une réclamation en cours pour ce motif: ${t} (${s}).`,
  trackPrompt: 'Suivre ma réclamation. Tapez le numéro de réclamation (R...) ou de compteur:',
  trackEmpty: 'Rien n\'a été tapé.',
  ticketLine: (t, c, s) => `${t} ${c}: ${s}`,
  reason: (w) => `Motif: ${w}`,
  claimNow: 'Tapez 1 au menu pour recevoir votre crédit.',
  more: (n) => `et ${n} autre(s).`,
  none: (q) => `Aucune réclamation pour ${q}.`,
  malformed: 'Numéro de réclamation mal saisi: il commence par R, comme dans le SMS de confirmation.',
  notFound: 'Aucune réclamation ne porte ce numéro. Vérifiez-le dans le SMS de confirmation.',
};

const en: ContestWords = {
  menu: 'Grievances\n1 Raise a grievance\n2 Follow my grievance\n0 Back',
  categories: 'Reason for the grievance:\n1 Not retained\n2 Meter unknown\n3 Code refused by the meter\n4 Credit missing from the bill\n5 Other\n0 Back',
  wrong: 'Unknown choice.',
  category: { not_retained: 'Not retained', unknown_meter: 'Meter unknown', code_rejected: 'Code refused by the meter', not_credited: 'Credit missing from the bill', other: 'Other' },
  status: { open: 'waiting to be examined', in_review: 'being examined', accepted: 'accepted', rejected: 'refused' },
  numberPrompt: (c) => `Grievance: ${c}. Type your meter or contract number:`,
  confirm: (c, n) => `Grievance "${c}" for number ${n}.\n1 Confirm\n0 Cancel`,
  raised: (t, c) => `Grievance ${t} recorded (${c}). Write this number down.`,
  smsFollows: (p) => `Answer by SMS to ${p}.`,
  followHow: 'To follow it: menu 4 then 2.',
  existing: (t, s) => `You already have a grievance in progress for this reason: ${t} (${s}).`,
  trackPrompt: 'Follow my grievance. Type the grievance number (R...) or your meter number:',
  trackEmpty: 'Nothing was typed.',
  ticketLine: (t, c, s) => `${t} ${c}: ${s}`,
  reason: (w) => `Reason: ${w}`,
  claimNow: 'Type 1 in the menu to get your credit.',
  more: (n) => `and ${n} more.`,
  none: (q) => `No grievance for ${q}.`,
  malformed: 'Grievance number mistyped: it starts with R, as in the message you received.',
  notFound: 'No grievance has this number. Check it in the message you received.',
};

export const CONTEST_WORDS: Readonly<Record<Lang, ContestWords>> = { fr, en };
