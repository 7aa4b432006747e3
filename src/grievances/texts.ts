/** @module What grievances say by SMS, in French, GSM-7 and one part (160 septets): the acknowledgement and the decision's notice. */
import type { GrievanceCategory } from '../domain/grievance.js';
import { fitGsm7, septets, SINGLE_SMS_SEPTETS, toGsm7 } from '../sms/gsm7.js';
import { SLA_HOURS } from './sla.js';

const ABOUT: Record<GrievanceCategory, string> = {
  not_retained: 'refus', unknown_meter: 'compteur inconnu', code_rejected: 'code refusé', not_credited: 'crédit absent de la facture', other: 'demande',
};

const head = (signature: string | null) => (signature ? `${signature}: ` : '');

/** The first sentence that fits one SMS, else the last one cut at a word. */
function firstFitting(...texts: string[]): string {
  for (const t of texts) {
    const g = toGsm7(t);
    if (septets(g) <= SINGLE_SMS_SEPTETS) return g;
  }
  return fitGsm7(texts[texts.length - 1]);
}

export function acknowledgement(ticket: string, category: GrievanceCategory, signature: string | null): string {
  const h = SLA_HOURS[category];
  return firstFitting(
    `${head(signature)}réclamation ${ticket} reçue (${ABOUT[category]}). Réponse sous ${h} h par SMS. Gardez ce numéro pour suivre votre demande.`,
    `${head(signature)}réclamation ${ticket} reçue. Réponse sous ${h} h par SMS.`,
  );
}

/** The decision, with the decider's words (cut to fit when long). */
export function decisionNotice(ticket: string, accepted: boolean, what: string | null, reason: string, signature: string | null): string {
  const verdict = `${head(signature)}réclamation ${ticket} ${accepted ? 'acceptée' : 'rejetée'}.`;
  return firstFitting(
    [verdict, what, reason].filter(Boolean).join(' '),
    [verdict, what].filter(Boolean).join(' '),
    `${verdict} ${reason}`,
  );
}

/** What an accepted grievance lets the subscriber do, said in the notice. */
export const EXCEPTION_TEXT = 'Vous pouvez maintenant demander votre crédit gratuit.';
export const BILLING_TEXT = 'Le service facturation corrige votre facture.';
export const tokenText = (token: string, meterNo: string, replacement: boolean) =>
  `${replacement ? 'Nouveau code' : 'Code'}: ${token.replace(/(\d{4})(?=\d)/g, '$1 ')} à saisir sur le compteur ${meterNo}.`;
