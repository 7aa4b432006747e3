/** @module The words of the subscriber pages, in French (first) and English; plain sentences a person can act on. */
import type { Lang } from '../../programmes/format.js';
import type { RefusalReason as IneligibleReason } from '../../claims/outcome.js';

export type { Lang };

/** `?lang=en` (or the form's hidden `lang`) switches to English; anything else is French, the country's language. */
export function pickLang(v: unknown): Lang {
  return v === 'en' ? 'en' : 'fr';
}

/** French puts a no-break space before `:` `;` `?` `!` so they never start a line on a narrow screen. */
const NB = '\u00a0';

/** Partial on purpose: a reason added to the claim path later still gets a page (a generic title) before its own words. */
type ReasonTitles = Partial<Record<IneligibleReason, string>>;

const fr = {
  brand: 'Guichet',
  otherLang: 'English',
  demoBanner: `DÉMO${NB}: numéros et codes fictifs, aucun crédit réel.`,
  navClaim: 'Demander mon crédit',
  navFind: 'Retrouver mon code',
  footer: `Service gratuit. Ne donnez jamais votre code à quelqu’un d’autre${NB}: aucun agent ne vous le demandera.`,
  errorTitle: (t: string) => `Erreur${NB}: ${t}`,
  errorSummary: `Veuillez corriger ceci${NB}:`,
  service: { electricity: 'Électricité', water: 'Eau' } as Record<string, string>,
  serviceOf: { electricity: 'd’électricité', water: 'd’eau' } as Record<string, string>,

  homeTitle: 'Crédit d’électricité et d’eau offert',
  homeH1: 'Recevoir mon crédit d’électricité ou d’eau',
  openNow: (label: string) => `En cours${NB}: ${label}.`,
  benefitsIntro: `Chaque abonné retenu reçoit${NB}:`,
  howH: 'Comment ça marche',
  howItWorks: `Compteur à prépaiement${NB}: vous recevez un code de 20 chiffres à taper sur le compteur. Compteur avec facture${NB}: votre compte est crédité.`,
  noneOpen: 'Aucune phase n’est ouverte en ce moment.',
  opensOn: (label: string, date: string | null) => date ? `${label}${NB}: ouverture le ${date}.` : `${label}${NB}: ouverture prochaine.`,
  numeroLabel: 'Numéro de compteur ou de contrat',
  numeroHint: `Compteur${NB}: le numéro écrit sur sa face avant (11 ou 13 chiffres pour un compteur à prépaiement). Contrat${NB}: comme sur votre facture, par exemple MJL-88211178${NB}; tirets et espaces facultatifs.`,
  phoneLabel: 'Téléphone (facultatif)',
  phoneHint: '+241 suivi de 8 chiffres, par exemple +241 77 12 34 56.',
  submit: 'Vérifier et recevoir mon crédit',
  alreadyAsked: `Déjà demandé${NB}? Retrouver mon code`,
  samplesH: 'Numéros d’essai (démo)',
  samplesHint: 'Touchez un numéro pour le placer dans le formulaire.',
  sampleKinds: {
    prepaid: 'Électricité, compteur à prépaiement',
    postpaid: 'Électricité, compteur avec facture',
    water: 'Eau',
    not_retained: 'Abonné non retenu',
  } as Record<string, string>,

  numeroEmpty: 'Indiquez votre numéro de compteur ou de contrat.',
  numeroLong: 'Ce numéro est trop long. Vérifiez-le sur votre compteur ou votre facture.',
  numeroChars: 'Ce numéro ne peut contenir que des chiffres, des lettres et des tirets, comme sur votre compteur ou votre facture.',
  formTooLarge: 'Le formulaire envoyé est trop volumineux ou mal formé. Réessayez.',
  numeroInvalid: 'Ce numéro semble mal saisi. Vérifiez-le sur votre compteur ou votre facture.',
  phoneInvalid: `Le numéro de téléphone doit être un numéro gabonais${NB}: +241 suivi de 8 chiffres.`,

  tokenH1: 'Votre code de recharge',
  creditedH1: 'Votre compte est crédité',
  replayToken: (date: string | null) => `Vous aviez déjà reçu ce code${date ? ` le ${date}` : ''}. Le voici de nouveau${NB}: c’est le même code, il ne donne pas de second crédit.`,
  replayCredit: (date: string | null) => `Votre compte avait déjà été crédité${date ? ` le ${date}` : ''} pour cette phase. Il n’y a pas de second crédit.`,
  tokenFor: (what: string, fcfa: string) => `${what} (valeur ${fcfa})`,
  credited: (fcfa: string, service: string, ids: string) =>
    `Votre compte ${fr.serviceOf[service] ?? ''} (${ids}) a été crédité de ${fcfa}, visible sur votre prochaine facture.`,
  account: 'Compte crédité',
  contractWord: `contrat${NB}`,
  meterWord: `compteur${NB}`,
  nothingToDo: 'Vous n’avez rien d’autre à faire.',
  stepsH: 'Comment taper le code',
  steps: (units: string) => [
    'Sur le clavier du compteur, tapez les 20 chiffres du code, sans les espaces.',
    'Appuyez sur la touche Entrée (ou #).',
    `Le compteur affiche «${NB}Accept${NB}» ou «${NB}Good${NB}»${NB}: ${units} sont ajoutés.`,
    `S’il affiche «${NB}Reject${NB}» ou «${NB}Error${NB}», retapez le code en vérifiant chaque chiffre. Si l’erreur continue, contactez votre agence avec ce code et la référence ci-dessous.`,
  ],
  keepCode: 'Notez ce code. Vous pourrez le revoir à tout moment avec «\u00a0Retrouver mon code\u00a0».',
  reference: 'Référence de la demande',
  cycle: 'Phase',
  amount: 'Montant',
  number: 'Numéro saisi',
  anotherClaim: 'Faire une autre demande',

  refusedH1: {
    unknown_meter: 'Numéro introuvable', not_retained: 'Non retenu pour cette phase', cycle_closed: 'Aucune phase ouverte',
    cycle_not_open: 'Cette phase n’est pas encore ouverte', unknown_cycle: 'Phase inconnue', budget_exhausted: 'Enveloppe épuisée',
    service_not_covered: 'Service non couvert', no_code_left: 'Code indisponible', issuance_unavailable: 'Code indisponible pour le moment',
    meter_needs_key_change: 'Votre compteur doit être mis à jour',
  } as ReasonTitles,
  refusedDefaultH1: 'Demande non acceptée',
  nextH: `Que faire${NB}?`,
  nextUnknown: [
    `Vérifiez le numéro${NB}: celui du compteur est écrit sur sa face avant, celui du contrat sur votre facture.`,
    'Essayez l’autre numéro (compteur ou contrat).',
    'Si le numéro est correct, présentez-vous à votre agence avec une facture ou un reçu de recharge.',
  ],
  nextNotRetainedLater: `Les conditions sont fixées pour chaque phase${NB}: celles de la phase suivante vous retiennent.`,
  nextNotRetainedNone: 'Les conditions sont fixées pour chaque phase, et aucune phase annoncée ne retient votre abonnement tel qu’il est enregistré.',
  nextNotRetainedAgency: 'Si vous pensez qu’il y a une erreur (puissance ou catégorie mal enregistrée), présentez-vous à votre agence avec votre dernière facture.',
  nextCycle: (label: string, date: string | null) => `${label} ouvrira ${date ? `le ${date}` : 'prochainement'}${NB}: revenez à ce moment-là.`,
  nextBudget: 'Le montant prévu pour cette phase a été entièrement distribué. Suivez les annonces de la phase suivante.',
  nextAgency: 'Réessayez plus tard, ou présentez-vous à votre agence avec votre numéro de compteur.',

  findTitle: 'Retrouver mon code',
  findIntro: 'Tapez votre numéro pour revoir les codes et les crédits déjà reçus. Cette page ne fait aucune nouvelle demande.',
  findSubmit: 'Rechercher',
  findResultH: (n: string) => `Résultat pour ${n}`,
  findNone: 'Aucun code ni crédit n’a encore été délivré pour ce numéro.',
  findUnknown: 'Ce numéro ne figure pas dans le fichier des abonnés. Vérifiez-le sur votre compteur ou votre facture.',
  findClaim: 'Faire la demande',
  findAnother: 'Rechercher un autre numéro',

  waitTitle: 'Vous êtes dans la file d’attente',
  waitPlace: (n: string) => `Votre place${NB}: ${n}`,
  waitEta: (min: number) => min <= 1 ? `Attente estimée${NB}: moins d’une minute.` : `Attente estimée${NB}: environ ${min} minutes.`,
  waitKeep: `Gardez cette page ouverte${NB}: elle se met à jour toute seule et votre place est gardée.`,
  waitNow: 'Vérifier maintenant',
  waitSoon: (sec: number) => sec < 60 ? `Votre tour arrive dans environ ${sec} secondes.` : `Votre tour arrive dans environ ${Math.ceil(sec / 60)} minutes.`,
  turnTitle: 'C’est votre tour',
  turnText: `Votre place est arrivée. Appuyez sur le bouton pour recevoir votre crédit${NB}: votre place reste gardée encore quelques minutes.`,
  turnButton: 'Recevoir mon crédit maintenant',

  otpTitle: 'Recevoir aussi le code par SMS sur ce téléphone',
  otpSent: (p: string) => `Ce téléphone n’est pas celui de l’abonnement. Nous avons envoyé un code de vérification à 6 chiffres au ${p}${NB}: tapez-le ici pour y recevoir aussi le SMS.`,
  otpLimited: 'Trop de codes de vérification ont été envoyés pour ce numéro. Votre code est ci-dessus. Le SMS part au numéro enregistré pour l’abonnement.',
  otpLabel: 'Code de vérification (6 chiffres)',
  otpSubmit: 'Vérifier',
  otpWrong: 'Ce code ne correspond pas. Vérifiez les six chiffres reçus par SMS.',
  otpOkTitle: 'Téléphone vérifié',
  otpOk: (p: string) => `Le SMS du crédit part vers le ${p}.`,
  otpNoTitle: 'Code de vérification refusé',
  otpNo: { expired: 'Ce code a expiré (5 minutes). Refaites la demande avec ce téléphone pour en recevoir un nouveau.', locked: 'Trop d’essais pour ce code. Refaites la demande avec ce téléphone pour en recevoir un nouveau.', none: 'Aucun code en attente pour ce téléphone. Refaites la demande avec ce téléphone.' } as Record<string, string>,
  notFoundTitle: 'Page introuvable',
  downTitle: 'Service momentanément indisponible',
  downText: `Votre demande n’a pas été enregistrée. Réessayez dans quelques instants${NB}: votre numéro est déjà dans le formulaire.`,
  retry: 'Réessayer',
};

export type Strings = typeof fr;

const en: Strings = {
  brand: 'Guichet',
  otherLang: 'Français',
  demoBanner: 'DEMO: fictitious numbers and codes, no real credit.',
  navClaim: 'Claim my credit',
  navFind: 'Find my code',
  footer: 'This service is free. Never give your code to anyone else: no agent will ever ask for it.',
  errorTitle: (t) => `Error: ${t}`,
  errorSummary: 'Please correct this:',
  service: { electricity: 'Electricity', water: 'Water' },
  serviceOf: { electricity: 'of electricity', water: 'of water' },

  homeTitle: 'Free electricity and water credit',
  homeH1: 'Get my electricity or water credit',
  openNow: (label) => `Now open: ${label}.`,
  benefitsIntro: 'Each retained subscriber receives:',
  howH: 'How it works',
  howItWorks: 'Prepaid meter: you receive a 20-digit code to key into the meter. Billed meter: your account is credited.',
  noneOpen: 'No phase is open at the moment.',
  opensOn: (label, date) => date ? `${label}: opens on ${date}.` : `${label}: opening soon.`,
  numeroLabel: 'Meter or contract number',
  numeroHint: 'Meter: the number written on its front (11 or 13 digits for a prepaid meter). Contract: as on your bill, for example MJL-88211178; dashes and spaces optional.',
  phoneLabel: 'Phone (optional)',
  phoneHint: '+241 followed by 8 digits, for example +241 77 12 34 56.',
  submit: 'Check and get my credit',
  alreadyAsked: 'Already claimed? Find my code',
  samplesH: 'Numbers to try (demo)',
  samplesHint: 'Tap a number to put it in the form.',
  sampleKinds: {
    prepaid: 'Electricity, prepaid meter',
    postpaid: 'Electricity, billed meter',
    water: 'Water',
    not_retained: 'Subscriber not retained',
  },

  numeroEmpty: 'Enter your meter or contract number.',
  numeroLong: 'This number is too long. Check it on your meter or your bill.',
  numeroChars: 'This number can only hold digits, letters and dashes, as on your meter or your bill.',
  formTooLarge: 'The form sent was too large or malformed. Please try again.',
  numeroInvalid: 'This number looks mistyped. Check it on your meter or your bill.',
  phoneInvalid: 'The phone number must be a Gabonese number: +241 followed by 8 digits.',

  tokenH1: 'Your top-up code',
  creditedH1: 'Your account has been credited',
  replayToken: (date) => `You already received this code${date ? ` on ${date}` : ''}. Here it is again: it is the same code and gives no second credit.`,
  replayCredit: (date) => `Your account was already credited${date ? ` on ${date}` : ''} for this phase. There is no second credit.`,
  tokenFor: (what, fcfa) => `${what} (worth ${fcfa})`,
  credited: (fcfa, service, ids) => `Your ${service === 'water' ? 'water' : 'electricity'} account (${ids}) has been credited with ${fcfa}, shown on your next bill.`,
  account: 'Account credited',
  contractWord: 'contract ',
  meterWord: 'meter ',
  nothingToDo: 'There is nothing else to do.',
  stepsH: 'How to key in the code',
  steps: (units) => [
    'On the meter’s keypad, type the 20 digits of the code, without the spaces.',
    'Press the Enter key (or #).',
    `The meter shows “Accept” or “Good”: ${units} are added.`,
    'If it shows “Reject” or “Error”, type the code again, checking each digit. If the error persists, contact your agency with this code and the reference below.',
  ],
  keepCode: 'Write this code down. You can see it again at any time with “Find my code”.',
  reference: 'Claim reference',
  cycle: 'Phase',
  amount: 'Amount',
  number: 'Number entered',
  anotherClaim: 'Make another claim',

  refusedH1: {
    unknown_meter: 'Number not found', not_retained: 'Not retained for this phase', cycle_closed: 'No phase open',
    cycle_not_open: 'This phase is not open yet', unknown_cycle: 'Unknown phase', budget_exhausted: 'Budget used up',
    service_not_covered: 'Service not covered', no_code_left: 'No code available', issuance_unavailable: 'Code not available right now',
    meter_needs_key_change: 'Your meter needs an update',
  },
  refusedDefaultH1: 'Claim not accepted',
  nextH: 'What next?',
  nextUnknown: [
    'Check the number: the meter number is on the front of the meter, the contract number on your bill.',
    'Try the other number (meter or contract).',
    'If the number is right, visit your agency with a bill or a top-up receipt.',
  ],
  nextNotRetainedLater: 'The conditions are set for each phase: those of the next phase retain you.',
  nextNotRetainedNone: 'The conditions are set for each phase, and no announced phase retains your account as it is recorded.',
  nextNotRetainedAgency: 'If you think there is a mistake (power or category recorded wrongly), visit your agency with your latest bill.',
  nextCycle: (label, date) => `${label} opens ${date ? `on ${date}` : 'soon'}: come back then.`,
  nextBudget: 'The amount set aside for this phase has all been given out. Watch for announcements of the next phase.',
  nextAgency: 'Try again later, or visit your agency with your meter number.',

  findTitle: 'Find my code',
  findIntro: 'Type your number to see the codes and credits you already received. This page makes no new claim.',
  findSubmit: 'Search',
  findResultH: (n) => `Result for ${n}`,
  findNone: 'No code or credit has been issued for this number yet.',
  findUnknown: 'This number is not in the subscriber register. Check it on your meter or your bill.',
  findClaim: 'Make the claim',
  findAnother: 'Look up another number',

  waitTitle: 'You are in the queue',
  waitPlace: (n) => `Your place in line: ${n}`,
  waitEta: (min) => min <= 1 ? 'Estimated wait: less than a minute.' : `Estimated wait: about ${min} minutes.`,
  waitKeep: 'Keep this page open: it updates by itself and keeps your place.',
  waitNow: 'Check now',
  waitSoon: (sec) => sec < 60 ? `Your turn comes in about ${sec} seconds.` : `Your turn comes in about ${Math.ceil(sec / 60)} minutes.`,
  turnTitle: 'It is your turn',
  turnText: 'Your place has come up. Press the button to receive your credit: your place is kept a few more minutes.',
  turnButton: 'Get my credit now',

  otpTitle: 'Also receive the code by SMS on this phone',
  otpSent: (p) => `This phone is not the one on the account. We sent a 6-digit verification code to ${p}: type it here to get the SMS there too.`,
  otpLimited: 'Too many verification codes were sent for this number. Your code is above. The SMS goes to the number on the account.',
  otpLabel: 'Verification code (6 digits)',
  otpSubmit: 'Verify',
  otpWrong: 'This code does not match. Check the six digits received by SMS.',
  otpOkTitle: 'Phone verified',
  otpOk: (p) => `The credit’s SMS goes to ${p}.`,
  otpNoTitle: 'Verification code refused',
  otpNo: { expired: 'This code has expired (5 minutes). Claim again with this phone to get a new one.', locked: 'Too many tries for this code. Claim again with this phone to get a new one.', none: 'No code is waiting for this phone. Claim again with this phone.' },
  notFoundTitle: 'Page not found',
  downTitle: 'Service temporarily unavailable',
  downText: 'Your claim was not recorded. Please try again in a few moments: your number is already in the form.',
  retry: 'Try again',
};

const STRINGS: Record<Lang, Strings> = { fr, en };

export function t(lang: Lang): Strings {
  return STRINGS[lang];
}
