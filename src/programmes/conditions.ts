/** @module The sentence that tells a subscriber which condition of a cycle they do not meet (French and English). */
import type { Cycle } from '../domain/programme.js';
import { UNIT_OF } from '../domain/subscriber.js';
import type { Subscriber } from '../domain/subscriber.js';
import { ENUM_WORDS, negatedOp, qualifiers, requiredValues } from './condition-parts.js';
import type { EffectiveOp } from './condition-parts.js';
import { cycleName, ofCycleFr } from './cycle-name.js';
import { NBSP, formatList, formatNumber, formatQuantity, unitLabel } from './format.js';
import type { Lang } from './format.js';
import type { FailedCondition, Leaf } from './rules.js';
import type { Message } from './types.js';

const C = `${NBSP}:`; // French puts a no-break space before a colon

interface Ctx { leaf: Leaf; op: EffectiveOp; name: Message; q: Message; s: Subscriber }
type Unit = 'kW' | 'kWh' | 'm3';
/** French noun forms (both feminine, so one set of agreements) and the English noun. */
interface Noun { sg: string; pl: string; en: string }
const POWER: Noun = { sg: 'puissance', pl: 'puissances', en: 'power' };
const USE: Noun = { sg: 'consommation', pl: 'consommations', en: 'consumption' };

/** Explain `failure` for subscriber `s` in `cycle`: one sentence per language. */
export function conditionMessage(failure: FailedCondition, s: Subscriber, cycle: Cycle): Message {
  const { leaf } = failure;
  const c: Ctx = {
    leaf,
    op: failure.negated ? negatedOp(leaf.op) : leaf.op,
    name: cycleName(cycle),
    q: qualifiers(failure.context, leaf.field),
    s,
  };
  const actual = (s as unknown as Record<string, unknown>)[leaf.field];
  // "must be empty" conditions (eq null) have no value worth quoting: say which condition, not more.
  if (requiredValues(leaf).includes(null)) return generic(c);
  switch (leaf.field) {
    case 'power_kw':
      return typeof actual === 'number' ? power(c, actual) : unknownPower(c);
    case 'avg_monthly_use':
      return typeof actual === 'number' ? consumption(c, actual) : generic(c);
    case 'tariff':
    case 'category':
    case 'metering':
    case 'service':
      return typeof actual === 'string' ? enumSentence(c, leaf.field, actual) : generic(c);
    case 'agency':
    case 'district':
      return typeof actual === 'string' ? place(c, leaf.field, actual) : generic(c);
    default:
      return generic(c);
  }
}

function power(c: Ctx, kw: number): Message {
  return {
    fr: `Votre compteur ${formatQuantity(kw, 'kW', 'fr')} n’est pas retenu pour ${c.name.fr} (${constraint(c, 'fr', 'kW', POWER)}).`,
    en: `Your ${formatQuantity(kw, 'kW', 'en')} meter is not retained for ${c.name.en} (${constraint(c, 'en', 'kW', POWER)}).`,
  };
}

function unknownPower(c: Ctx): Message {
  return {
    fr: `La puissance souscrite de votre abonnement n’est pas connue, or ${c.name.fr} en tient compte (${constraint(c, 'fr', 'kW', POWER)}).`,
    en: `Your subscribed power is not on record, and ${c.name.en} depends on it (${constraint(c, 'en', 'kW', POWER)}).`,
  };
}

function consumption(c: Ctx, use: number): Message {
  const unit = UNIT_OF[c.s.service] ?? 'kWh';
  const mine = { fr: `Votre consommation moyenne (${formatQuantity(use, unit, 'fr')})`, en: `Your average consumption (${formatQuantity(use, unit, 'en')})` };
  const limit = 'value' in c.leaf && typeof c.leaf.value === 'number' ? c.leaf.value : null;
  // A ceiling or a floor reads best as such ("dépasse le plafond de 15 m³ de la phase 2"); the rest as a constraint.
  if (limit !== null && (c.op === 'lte' || c.op === 'gte')) {
    const over = c.op === 'lte';
    return {
      fr: `${mine.fr} ${over ? 'dépasse le plafond' : 'est inférieure au minimum'} de ${formatQuantity(limit, unit, 'fr')} ${ofCycleFr(c.name.fr)}${c.q.fr}.`,
      en: `${mine.en} is ${over ? 'over the' : 'under the'} ${formatQuantity(limit, unit, 'en')} ${over ? 'ceiling' : 'minimum'} of ${c.name.en}${c.q.en}.`,
    };
  }
  return {
    fr: `${mine.fr} n’est pas retenue pour ${c.name.fr} (${constraint(c, 'fr', unit, USE)}).`,
    en: `${mine.en} is not retained for ${c.name.en} (${constraint(c, 'en', unit, USE)}).`,
  };
}

/** "puissance maximale 3 kW", "puissances retenues au tarif social : 1 ou 2 kW", "consommation de 5 à 15 m³". */
function constraint(c: Ctx, lang: Lang, unit: Unit, noun: Noun): string {
  const { leaf, q } = { leaf: c.leaf, q: c.q[lang] };
  const n = (x: number) => formatNumber(x, lang);
  const qty = (x: number) => formatQuantity(x, unit, lang);
  const sp = lang === 'fr' ? NBSP : ' ';
  const values = requiredValues(leaf).filter((v): v is number => typeof v === 'number');
  const many = values.length > 1;
  const set = (conj: 'or' | 'and') => formatList(values.map(n), lang, conj) + sp + unitLabel(unit);
  const v = 'value' in leaf && typeof leaf.value === 'number' ? leaf.value : 0;
  const [min, max] = leaf.op === 'between' ? [leaf.min, leaf.max] : [0, 0];
  if (lang === 'fr') {
    switch (c.op) {
      case 'eq': case 'in': return `${many ? noun.pl + ' retenues' : noun.sg + ' retenue'}${q}${C} ${set('or')}`;
      case 'ne': case 'not_in': return `${many ? noun.pl + ' exclues' : noun.sg + ' exclue'}${q}${C} ${set('and')}`;
      case 'lte': return `${noun.sg} maximale ${qty(v)}${q}`;
      case 'gte': return `${noun.sg} minimale ${qty(v)}${q}`;
      case 'lt': return `${noun.sg} inférieure à ${qty(v)}${q}`;
      case 'gt': return `${noun.sg} supérieure à ${qty(v)}${q}`;
      case 'between': return `${noun.sg} de ${n(min)} à ${qty(max)}${q}`;
      case 'outside': return `${noun.pl} de ${n(min)} à ${qty(max)} exclues${q}`;
    }
  }
  switch (c.op) {
    case 'eq': case 'in': return `${noun.en}${many ? 's' : ''} retained${q}: ${set('or')}`;
    case 'ne': case 'not_in': return `${noun.en}${many ? 's' : ''} excluded${q}: ${set('and')}`;
    case 'lte': return `maximum ${noun.en} ${qty(v)}${q}`;
    case 'gte': return `minimum ${noun.en} ${qty(v)}${q}`;
    case 'lt': return `${noun.en} below ${qty(v)}${q}`;
    case 'gt': return `${noun.en} above ${qty(v)}${q}`;
    case 'between': return `${noun.en} from ${n(min)} to ${qty(max)}${q}`;
    case 'outside': return `${noun.en} from ${n(min)} to ${qty(max)} excluded${q}`;
  }
}

/** Tariff, category, metering, service: "Seul le tarif social est retenu…", "Les abonnés professionnels ne sont pas retenus…". */
function enumSentence(c: Ctx, field: keyof typeof ENUM_WORDS, own: string): Message {
  const words = ENUM_WORDS[field];
  if (c.op !== 'eq' && c.op !== 'in') {
    const ex = words.excluded(own);
    return { fr: `${ex.fr} pour ${c.name.fr}${c.q.fr}.`, en: `${ex.en} for ${c.name.en}${c.q.en}.` };
  }
  const only = words.only(requiredValues(c.leaf).filter((v): v is string => typeof v === 'string'));
  const mine = words.own(own);
  return { fr: `${only.fr} pour ${c.name.fr}${c.q.fr} (${mine.fr}).`, en: `${only.en} for ${c.name.en}${c.q.en} (${mine.en}).` };
}

/** Agency (feminine) and district (quartier, masculine), named as the registry spells them. */
function place(c: Ctx, field: 'agency' | 'district', own: string): Message {
  const fem = field === 'agency';
  const fr = fem ? { sg: 'agence', pl: 'agences', the: "l’agence", The: "L’agence", only: "Seule l’agence", onlyPl: 'Seules les agences', e: 'e' }
    : { sg: 'quartier', pl: 'quartiers', the: 'le quartier', The: 'Le quartier', only: 'Seul le quartier', onlyPl: 'Seuls les quartiers', e: '' };
  const [enSg, enPl] = fem ? ['agency', 'agencies'] : ['district', 'districts'];
  if (c.op !== 'eq' && c.op !== 'in') {
    return {
      fr: `${fr.The} ${own} n’est pas concerné${fr.e} par ${c.name.fr}${c.q.fr}.`,
      en: `The ${own} ${enSg} is not covered by ${c.name.en}${c.q.en}.`,
    };
  }
  const values = requiredValues(c.leaf).map(String);
  const many = values.length > 1;
  const frHead = many ? `${fr.onlyPl} ${formatList(values, 'fr', 'and')} sont concerné${fr.e}s` : `${fr.only} ${values[0]} est concerné${fr.e}`;
  const enHead = `Only the ${formatList(values, 'en', 'and')} ${many ? enPl : enSg} ${many ? 'are' : 'is'} covered`;
  return {
    fr: `${frHead} par ${c.name.fr}${c.q.fr} (votre ${fr.sg}${C} ${own}).`,
    en: `${enHead} by ${c.name.en}${c.q.en} (your ${enSg}: ${own}).`,
  };
}

const GENERIC_LABELS: Record<string, Message> = {
  contract_no: { fr: 'numéro de contrat', en: 'contract number' },
  meter_no: { fr: 'numéro de compteur', en: 'meter number' },
  holder_name: { fr: 'titulaire du contrat', en: 'account holder' },
  phone: { fr: 'numéro de téléphone', en: 'phone number' },
  avg_monthly_use: { fr: 'consommation moyenne', en: 'average consumption' },
  tariff: { fr: 'tarif', en: 'tariff' },
  category: { fr: 'type de contrat', en: 'type of contract' },
  metering: { fr: 'type de compteur', en: 'type of meter' },
  service: { fr: 'service', en: 'service' },
  agency: { fr: 'agence', en: 'agency' },
  district: { fr: 'quartier', en: 'district' },
};

/** Fields a subscriber cannot act on (or that would leak others' data): name the condition, never the values. */
function generic(c: Ctx): Message {
  const label = GENERIC_LABELS[c.leaf.field] ?? { fr: 'données du compteur prépayé', en: 'prepaid meter data' };
  return {
    fr: `Votre abonnement ne remplit pas une condition ${ofCycleFr(c.name.fr)}${c.q.fr} (${label.fr}).`,
    en: `Your account does not meet a condition of ${c.name.en}${c.q.en} (${label.en}).`,
  };
}
