/**
 * @module The words of the USSD screens, French first, then English. GSM-7 only: no ê ô î â ç û ’ « » (é è à ù are
 * in the alphabet); short, because a screen holds 182 characters. A test renders every screen and checks both.
 */
import type { RefusalReason } from '../../claims/outcome.js';

export type Lang = 'fr' | 'en';
export type Action = 'claim' | 'retrieve' | 'check';

export interface Words {
  menu: string;
  unknownOption: string;
  prompt: Record<Action, string>;
  retype: string;
  back: string;
  service: Record<string, string>;
  code(service: string, quantity: string, fcfa: string): string;
  codeAgain(service: string, date: string): string;
  keyIn: string;
  keyInShort: string;
  meter(meterNo: string): string;
  ref(claimId: string): string;
  credited(service: string, contract: string, fcfa: string): string;
  creditedAgain(service: string, contract: string, fcfa: string, date: string): string;
  creditedShort(fcfa: string): string;
  /** `name` is the cycle as a sentence names it ("la phase 2"), already capitalised. */
  nextCycle(name: string, date: string | null): string;
  queuedSms(position: string, minutes: number, phone: string, prepaid: boolean): string;
  queuedSmsShort(position: string, prepaid: boolean): string;
  queuedDialAgain(position: string, minutes: number, dial: string): string;
  unavailable: string;
  reasons: Record<RefusalReason, string>;
  refusedDefault: string;
  retrieveNone: string;
  retrieveHead: string;
  retrieveCredited(service: string, fcfa: string): string;
  retrieveMore(n: number): string;
  eligible(service: string, contract: string, cycle: string, fcfa: string): string;
  eligibleShort(fcfa: string): string;
  alreadyCredited(service: string, contract: string, cycle: string, fcfa: string, prepaid: boolean): string;
  alreadyShort(prepaid: boolean): string;
  refusedCheck: string;
  /** `dial` is the service code as a sentence says it ("le *855#"). */
  tooManySteps(dial: string): string;
  tooManyTries(dial: string): string;
  wrongOptions(dial: string): string;
  sessionOver(dial: string): string;
  tooLong(dial: string): string;
  dialUnknown: string;
  dialCode(code: string): string;
}

const fr: Words = {
  menu: 'Crédit offert électricité et eau\n1 Obtenir mon crédit\n2 Retrouver mon code\n3 Suis-je éligible?\n4 Contester un refus\n5 English',
  unknownOption: 'Choix inconnu: tapez le chiffre d\'une option.',
  prompt: {
    claim: 'Tapez votre numéro de compteur (écrit sur le compteur) ou de contrat (sur la facture):',
    retrieve: 'Retrouver mon code. Tapez votre numéro de compteur ou de contrat:',
    check: 'Suis-je éligible? Tapez votre numéro de compteur ou de contrat:',
  },
  retype: 'Retapez le numéro:',
  back: '0 Retour',
  service: { electricity: 'électricité', water: 'eau' },
  code: (service, quantity, fcfa) => `Votre code ${service} (${quantity}, ${fcfa}):`,
  codeAgain: (service, date) => `Code ${service} déjà obtenu le ${date}. Le voici, sans second crédit:`,
  keyIn: 'Tapez-le sur le compteur puis Entrée (ou #).',
  keyInShort: 'Puis Entrée (ou #).',
  meter: (m) => `Compteur ${m}`,
  ref: (id) => `Réf. ${id}`,
  credited: (service, contract, fcfa) => `Votre compte ${service} ${contract} est crédité de ${fcfa}, visible sur votre prochaine facture.`,
  creditedAgain: (service, contract, fcfa, date) => `Votre compte ${service} ${contract} a déjà été crédité de ${fcfa} le ${date}. Pas de second crédit.`,
  creditedShort: (fcfa) => `Votre compte est crédité de ${fcfa}.`,
  nextCycle: (name, date) => `${name} ouvrira ${date ? `le ${date}` : 'prochainement'}: vous pourrez alors refaire la demande.`,
  queuedSms: (position, minutes, phone, prepaid) =>
    `Votre demande est enregistrée dans la file (place ${position}, environ ${minutes} min). ${prepaid ? 'Le code vous sera envoyé' : 'La confirmation vous sera envoyée'} par SMS au ${phone}. Inutile de rappeler.`,
  queuedSmsShort: (position, prepaid) => `Demande enregistrée dans la file (place ${position}). ${prepaid ? 'Le code suivra' : 'La confirmation suivra'} par SMS.`,
  queuedDialAgain: (position, minutes, dial) => `Votre demande est dans la file (place ${position}). Votre place est gardée: recomposez ${dial} dans environ ${minutes} min pour recevoir votre crédit.`,
  unavailable: 'Service momentanément indisponible: rien n\'a été enregistré. Réessayez dans quelques minutes.',
  reasons: {
    unknown_meter: 'Aucun abonnement ne correspond à ce numéro. Vérifiez-le sur votre compteur ou votre facture.',
    not_retained: 'Votre abonnement n\'est pas retenu pour cette phase.',
    cycle_closed: 'Cette phase est terminée: les demandes ne sont plus acceptées.',
    cycle_not_open: 'Cette phase n\'a pas encore commencé.',
    unknown_cycle: 'Cette phase n\'existe pas.',
    budget_exhausted: 'L\'enveloppe de cette phase est épuisée: tout a été attribué.',
    service_not_covered: 'Cette phase ne couvre pas votre service.',
    no_code_left: 'Le code de votre compteur n\'est pas encore disponible. Réessayez plus tard.',
    issuance_unavailable: 'Les codes prépayés sont momentanément suspendus. Rien n\'a été enregistré: réessayez plus tard.',
    meter_needs_key_change: 'Votre compteur doit d\'abord recevoir une mise à jour. Allez à votre agence avec son numéro.',
  },
  refusedDefault: 'Demande non acceptée.',
  retrieveNone: 'Aucun code ni crédit n\'a encore été délivré pour ce numéro. Tapez 1 au menu pour faire la demande.',
  retrieveHead: 'Déjà délivré:',
  retrieveCredited: (service, fcfa) => `compte ${service} crédité de ${fcfa}`,
  retrieveMore: (n) => `et ${n} autre(s): voir votre agence.`,
  eligible: (service, contract, cycle, fcfa) => `Oui: votre abonnement ${service} ${contract} est retenu pour ${cycle} (${fcfa}). Tapez 1 au menu pour recevoir votre crédit.`,
  eligibleShort: (fcfa) => `Oui: votre abonnement est retenu (${fcfa}). Tapez 1 au menu.`,
  alreadyCredited: (service, contract, cycle, fcfa, prepaid) =>
    `Votre abonnement ${service} ${contract} a déjà obtenu son crédit de ${fcfa} pour ${cycle}.${prepaid ? ' Tapez 2 au menu pour revoir le code.' : ''}`,
  alreadyShort: (prepaid) => `Crédit déjà obtenu.${prepaid ? ' Tapez 2 au menu pour revoir le code.' : ''}`,
  refusedCheck: 'Non.',
  tooManySteps: (dial) => `Trop d'étapes dans cette session. Recomposez ${dial} pour recommencer.`,
  tooManyTries: (dial) => `Numéro non reconnu après 3 essais. Vérifiez-le sur votre compteur ou votre facture, puis recomposez ${dial}.`,
  wrongOptions: (dial) => `Choix non reconnu après 3 essais. Recomposez ${dial} et tapez le chiffre d'une option (1 à 5).`,
  sessionOver: (dial) => `Cette session est terminée. Recomposez ${dial}.`,
  tooLong: (dial) => `Saisie trop longue. Recomposez ${dial} pour recommencer.`,
  dialUnknown: 'le numéro du service',
  dialCode: (code) => `le ${code}`,
};

const en: Words = {
  menu: 'Free electricity and water credit\n1 Get my credit\n2 Find my code\n3 Am I eligible?\n4 Contest a refusal\n5 FRANÇAIS',
  unknownOption: 'Unknown choice: type the number of an option.',
  prompt: {
    claim: 'Type your meter number (written on the meter) or contract number (on your bill):',
    retrieve: 'Find my code. Type your meter or contract number:',
    check: 'Am I eligible? Type your meter or contract number:',
  },
  retype: 'Type the number again:',
  back: '0 Back',
  service: { electricity: 'electricity', water: 'water' },
  code: (service, quantity, fcfa) => `Your ${service} code (${quantity}, ${fcfa}):`,
  codeAgain: (service, date) => `${service === 'water' ? 'Water' : 'Electricity'} code already received on ${date}. Here it is again, no second credit:`,
  keyIn: 'Type it on the meter, then Enter (or #).',
  keyInShort: 'Then Enter (or #).',
  meter: (m) => `Meter ${m}`,
  ref: (id) => `Ref. ${id}`,
  credited: (service, contract, fcfa) => `Your ${service} account ${contract} is credited with ${fcfa}, shown on your next bill.`,
  creditedAgain: (service, contract, fcfa, date) => `Your ${service} account ${contract} was already credited with ${fcfa} on ${date}. No second credit.`,
  creditedShort: (fcfa) => `Your account is credited with ${fcfa}.`,
  nextCycle: (name, date) => `${name} opens ${date ? `on ${date}` : 'soon'}: you can claim again then.`,
  queuedSms: (position, minutes, phone, prepaid) =>
    `Your request is recorded in the line (place ${position}, about ${minutes} min). ${prepaid ? 'The code' : 'The confirmation'} will be sent by SMS to ${phone}. No need to call again.`,
  queuedSmsShort: (position, prepaid) => `Request recorded in the line (place ${position}). ${prepaid ? 'The code' : 'The confirmation'} will follow by SMS.`,
  queuedDialAgain: (position, minutes, dial) => `You are in the line (place ${position}). Your place is kept: dial ${dial} again in about ${minutes} min to get your credit.`,
  unavailable: 'Service unavailable for a moment: nothing was recorded. Please try again in a few minutes.',
  reasons: {
    unknown_meter: 'No account matches this number. Check it on your meter or your bill.',
    not_retained: 'Your account is not retained for this phase.',
    cycle_closed: 'This phase has ended: claims are no longer accepted.',
    cycle_not_open: 'This phase has not started yet.',
    unknown_cycle: 'This phase does not exist.',
    budget_exhausted: 'The budget of this phase is used up: everything has been given out.',
    service_not_covered: 'This phase does not cover your service.',
    no_code_left: 'The code for your meter is not available yet. Try again later.',
    issuance_unavailable: 'Prepaid codes are suspended for a moment. Nothing was recorded: try again later.',
    meter_needs_key_change: 'Your meter needs an update first. Visit your agency with its number.',
  },
  refusedDefault: 'Request not accepted.',
  retrieveNone: 'No code or credit has been issued for this number yet. Type 1 in the menu to claim it.',
  retrieveHead: 'Already issued:',
  retrieveCredited: (service, fcfa) => `${service} account credited with ${fcfa}`,
  retrieveMore: (n) => `and ${n} more: ask your agency.`,
  eligible: (service, contract, cycle, fcfa) => `Yes: your ${service} account ${contract} is retained for ${cycle} (${fcfa}). Type 1 in the menu to get your credit.`,
  eligibleShort: (fcfa) => `Yes: you are retained (${fcfa}). Type 1 in the menu.`,
  alreadyCredited: (service, contract, cycle, fcfa, prepaid) =>
    `Your ${service} account ${contract} already got its ${fcfa} credit for ${cycle}.${prepaid ? ' Type 2 in the menu to see the code again.' : ''}`,
  alreadyShort: (prepaid) => `Credit already received.${prepaid ? ' Type 2 in the menu to see the code again.' : ''}`,
  refusedCheck: 'No.',
  tooManySteps: (dial) => `Too many steps in this session. Dial ${dial} again to start over.`,
  tooManyTries: (dial) => `Number not recognised after 3 tries. Check it on your meter or your bill, then dial ${dial} again.`,
  wrongOptions: (dial) => `Choice not recognised after 3 tries. Dial ${dial} again and type the number of an option (1 to 5).`,
  sessionOver: (dial) => `This session is over. Dial ${dial} again.`,
  tooLong: (dial) => `Input too long. Dial ${dial} again to start over.`,
  dialUnknown: 'the service code',
  dialCode: (code) => code,
};

export const WORDS: Readonly<Record<Lang, Words>> = { fr, en };

/** The service code as the gateway sent it, said back only when it looks like one (`*855#`, `*855*1#`). */
export function dialOf(serviceCode: string, lang: Lang): string {
  return /^\*[0-9*]{1,20}#$/.test(serviceCode) ? WORDS[lang].dialCode(serviceCode) : WORDS[lang].dialUnknown;
}
