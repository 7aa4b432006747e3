/**
 * @module What Guichet answers by SMS about grievances (`RECLAMATION`, `SUIVI`): French, GSM-7, one part (160
 * septets), the ticket first. The category keywords a message may start with are declared here, once.
 */
import type { Grievance, GrievanceCategory, GrievanceStatus } from '../../domain/grievance.js';
import { fitGsm7, septets, SINGLE_SMS_SEPTETS, toGsm7 } from '../../sms/gsm7.js';

/**
 * The first word(s) of a grievance's text that choose its category (case and accents forgiven); anything else is
 * `other`. Documented in docs/sms.md: `RECLAMATION 37446479240 CODE le compteur affiche Reject`.
 */
export const CATEGORY_KEYWORDS: readonly { words: string; category: GrievanceCategory }[] = [
  { words: 'NON RETENU', category: 'not_retained' },
  { words: 'RETENU', category: 'not_retained' },
  { words: 'INCONNU', category: 'unknown_meter' },
  { words: 'CODE', category: 'code_rejected' },
  { words: 'FACTURE', category: 'not_credited' },
];

const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();

export function categoryOf(text: string): GrievanceCategory {
  const words = plain(text).split(/[^A-Z0-9]+/).filter(Boolean).join(' ');
  return CATEGORY_KEYWORDS.find((k) => words === k.words || words.startsWith(`${k.words} `))?.category ?? 'other';
}

const CATEGORY: Record<GrievanceCategory, string> = {
  not_retained: 'Non retenu', unknown_meter: 'Compteur inconnu', code_rejected: 'Code refusé par le compteur', not_credited: 'Crédit absent de la facture', other: 'Autre',
};
const STATUS: Record<GrievanceStatus, string> = { open: "en attente d'examen", in_review: "en cours d'examen", accepted: 'acceptée', rejected: 'refusée' };

/** The first wording that fits one part, with the signature if there is room; the last one cut if none does. */
function fit(signature: string | null, ...wordings: string[]): string {
  for (const w of wordings) {
    for (const text of signature ? [`${signature}: ${w}`, w] : [w]) {
      const t = toGsm7(text);
      if (septets(t) <= SINGLE_SMS_SEPTETS) return t;
    }
  }
  return fitGsm7(wordings[wordings.length - 1] ?? '');
}

export function raisedText(x: Grievance, fresh: boolean, signature: string | null): string {
  if (!fresh) {
    return fit(signature, `Vous avez déjà la réclamation ${x.ticket} en cours pour ce motif (${STATUS[x.status]}). Suivi: envoyez SUIVI ${x.ticket}.`,
      `Réclamation ${x.ticket} déjà en cours (${STATUS[x.status]}).`);
  }
  return fit(signature, `Réclamation ${x.ticket} enregistrée (${CATEGORY[x.category]}). La réponse suivra par SMS. Suivi: envoyez SUIVI ${x.ticket}.`,
    `Réclamation ${x.ticket} enregistrée. Suivi: SUIVI ${x.ticket}.`);
}

/** A grievance's state, and once decided the decider's words, cut at a word to fit one part. */
export function statusText(x: Grievance, signature: string | null): string {
  const head = `Réclamation ${x.ticket} (${CATEGORY[x.category]}): ${STATUS[x.status]}.`;
  if (!x.reason) return fit(signature, head);
  return fitGsm7(`${signature ? `${signature}: ` : ''}${head} ${x.reason}`);
}

/** A number's grievances: the newest one's state, and how many others. */
export function numberStatusText(found: readonly Grievance[], number: string, signature: string | null): string {
  if (found.length === 0) return fit(signature, `Aucune réclamation pour ${number}. Envoyez RECLAMATION ${number} suivi de votre message pour en faire une.`, `Aucune réclamation pour ce numéro.`);
  if (found.length === 1) return statusText(found[0], signature);
  const more = ` (et ${found.length - 1} autre(s): SUIVI suivi de leur numéro)`;
  const x = found[0];
  return fit(signature, `Réclamation ${x.ticket} (${CATEGORY[x.category]}): ${STATUS[x.status]}${more}.`, `Réclamation ${x.ticket}: ${STATUS[x.status]}${more}.`);
}

export const GRIEVANCE_HELP_TEXT = toGsm7('Envoyez RECLAMATION, le numéro de compteur ou de contrat et votre message, ex: RECLAMATION 37446479240 CODE refusé. Puis SUIVI et le n° reçu.');
export const TRACK_HELP_TEXT = toGsm7('Envoyez SUIVI suivi du numéro de réclamation reçu (R-...) ou de votre numéro de compteur.');
export const TICKET_MALFORMED_TEXT = toGsm7('Numéro de réclamation mal saisi: recopiez-le tel que reçu par SMS, ex: SUIVI R-7K3Q9X.');
export const TICKET_UNKNOWN_TEXT = toGsm7('Aucune réclamation ne porte ce numéro. Recopiez-le tel que reçu par SMS.');
