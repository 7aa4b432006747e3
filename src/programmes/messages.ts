/** @module The catalogue of refusal sentences, one per reason code, in French and English: every subscriber-facing refusal is written here or in conditions.ts. */
import type { Cycle, Programme } from '../domain/programme.js';
import type { Service } from '../domain/subscriber.js';
import { cycleName, ofCycleFr } from './cycle-name.js';
import { NBSP, capitalise, formatDate } from './format.js';
import type { Message, ReasonCode } from './types.js';

export interface ReasonContext {
  /** The cycle the claim was for. */
  cycle?: Cycle;
  /** unknown_cycle: to list the cycles that do exist. */
  programme?: Programme;
  /** service_not_covered: the subscriber's service. */
  service?: Service;
  /** unknown_meter: the number the subscriber typed; quoted back only if it looks like a number. */
  number?: string;
  /** not_retained: the sentence naming the failed condition (from `conditionMessage`). */
  detail?: Message;
  /** cycle_not_open, cycle_closed: the subscriber's agency, when its own window decides (`cycle` then carries its dates). */
  agency?: string;
}

const C = `${NBSP}:`;
const SERVICE_FR: Record<Service, string> = { electricity: "l’électricité", water: "l’eau" };

export function reasonMessage(reason: ReasonCode, ctx: ReasonContext = {}): Message {
  const name = ctx.cycle ? cycleName(ctx.cycle) : null;
  switch (reason) {
    case 'not_retained':
      if (ctx.detail) return ctx.detail;
      return name
        ? { fr: `Votre abonnement n’est pas retenu pour ${name.fr}.`, en: `Your account is not retained for ${name.en}.` }
        : { fr: `Votre abonnement n’est pas retenu pour cette gratuité.`, en: `Your account is not retained for this relief.` };
    case 'cycle_not_open': {
      if (!name) return { fr: `Aucune période de gratuité n’est ouverte pour le moment.`, en: `No relief period is open at the moment.` };
      // "n'a pas encore commencé" agrees with any cycle name, whatever its gender.
      const at = ctx.cycle?.opens_at;
      const forFr = ctx.agency ? ` pour l’agence ${ctx.agency}` : '';
      const forEn = ctx.agency ? ` for the ${ctx.agency} agency` : '';
      return at
        ? { fr: `${capitalise(name.fr)} n’a pas encore commencé${forFr}${C} les demandes seront possibles à partir du ${formatDate(at, 'fr')}.`,
            en: `${capitalise(name.en)} has not started yet${forEn}: claims open on ${formatDate(at, 'en')}.` }
        : { fr: `${capitalise(name.fr)} n’a pas encore commencé${C} sa date d’ouverture sera annoncée.`,
            en: `${capitalise(name.en)} has not started yet: its opening date will be announced.` };
    }
    case 'cycle_closed': {
      if (!name) return { fr: `Cette période de gratuité a pris fin.`, en: `This relief period has ended.` };
      const at = ctx.cycle?.closes_at;
      const forFr = ctx.agency ? ` pour l’agence ${ctx.agency}` : '';
      const forEn = ctx.agency ? ` for the ${ctx.agency} agency` : '';
      return {
        fr: `${capitalise(name.fr)} a pris fin${forFr}${at ? ` le ${formatDate(at, 'fr')}` : ''}${C} les demandes ne sont plus acceptées.`,
        en: `${capitalise(name.en)} has ended${forEn}${at ? ` (${formatDate(at, 'en')})` : ''}: claims are no longer accepted.`,
      };
    }
    case 'unknown_cycle': {
      const cycles = ctx.programme?.cycles ?? [];
      return cycles.length
        ? { fr: `Cette période de gratuité n’existe pas. Périodes prévues${C} ${cycles.map((c) => c.label).join(', ')}.`,
            en: `This relief period does not exist. Planned periods: ${cycles.map((c) => c.label_en ?? c.label).join(', ')}.` }
        : { fr: `Cette période de gratuité n’existe pas.`, en: `This relief period does not exist.` };
    }
    case 'service_not_covered': {
      const svc = ctx.service ? { fr: SERVICE_FR[ctx.service], en: ctx.service } : { fr: 'votre service', en: 'your service' };
      return name
        ? { fr: `${capitalise(name.fr)} ne prévoit pas de gratuité pour ${svc.fr}.`, en: `${capitalise(name.en)} provides no relief for ${svc.en}.` }
        : { fr: `Cette gratuité ne concerne pas ${svc.fr}.`, en: `This relief does not cover ${svc.en}.` };
    }
    case 'budget_exhausted':
      return name
        ? { fr: `L’enveloppe ${ofCycleFr(name.fr)} est épuisée${C} toutes les gratuités prévues ont été attribuées.`,
            en: `The budget of ${name.en} is used up: every planned credit has been given out.` }
        : { fr: `L’enveloppe de cette gratuité est épuisée${C} toutes les gratuités prévues ont été attribuées.`,
            en: `The budget of this relief is used up: every planned credit has been given out.` };
    case 'unknown_meter': {
      // Quote the number back only when it is short and plain: a message must never echo arbitrary input.
      const n = ctx.number && /^[0-9A-Za-z-]{1,24}$/.test(ctx.number) ? ctx.number : null;
      return {
        fr: `Aucun abonnement ne correspond ${n ? `au numéro ${n}` : 'à ce numéro'}. Vérifiez le numéro inscrit sur votre compteur ou sur votre facture.`,
        en: `No account matches ${n ? `number ${n}` : 'this number'}. Check the number on your meter or on your bill.`,
      };
    }
    case 'no_code_left':
      return {
        fr: `Le code de votre compteur${name ? ` pour ${name.fr}` : ''} n’est pas encore disponible. Réessayez plus tard ou adressez-vous à votre agence.`,
        en: `The code for your meter${name ? ` for ${name.en}` : ''} is not available yet. Try again later or ask at your agency.`,
      };
  }
}
