/**
 * @module PLACEHOLDER until the grievances work lands (CONTRACT §10): "Contester un refus" only says where to go, and
 * files nothing. The grievances engineer replaces `contestPlaceholderScreen` (menu option 4, see `session.ts`) with a
 * flow that raises a grievance from USSD.
 */
import { screen } from './gsm7-text.js';
import type { Lang } from './words.js';

const WHERE: Record<Lang, [full: string, short: string]> = {
  fr: ['Pour contester un refus, allez à votre agence avec votre facture et votre numéro de compteur, ou appelez le service clients (numéro sur la facture).',
    'Pour contester un refus, allez à votre agence avec votre facture.'],
  en: ['To contest a refusal, visit your agency with your bill and your meter number, or call customer service (number on your bill).',
    'To contest a refusal, visit your agency with your bill.'],
};

export function contestPlaceholderScreen(lang: Lang): string {
  return screen('END', ...WHERE[lang]);
}
