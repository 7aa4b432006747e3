/** @module Building blocks of condition sentences: effective operators, values, qualifiers, and the words for enumerated fields. */
import { NBSP, formatList } from './format.js';
import type { Leaf } from './rules.js';
import type { Message } from './types.js';

/** A leaf's operator once a `not` above it is taken into account; `outside` is "not between". */
export type EffectiveOp = Leaf['op'] | 'outside';

const NEGATION: Record<Leaf['op'], EffectiveOp> = {
  eq: 'ne', ne: 'eq', in: 'not_in', not_in: 'in', lt: 'gte', lte: 'gt', gt: 'lte', gte: 'lt', between: 'outside',
};

export function negatedOp(op: Leaf['op']): EffectiveOp {
  return NEGATION[op];
}

/** The values an equality or set condition names (empty for comparisons). */
export function requiredValues(leaf: Leaf): (string | number | null)[] {
  if (leaf.op === 'eq' || leaf.op === 'ne') return [leaf.value];
  if (leaf.op === 'in' || leaf.op === 'not_in') return leaf.values;
  return [];
}

export type EnumField = 'tariff' | 'category' | 'metering' | 'service';

/** Per enumerated field: how to say "only these are retained", "yours is excluded" and "what yours is". */
interface EnumWords {
  only(values: string[]): Message;
  excluded(own: string): Message;
  own(own: string): Message;
}

const C = `${NBSP}:`;
const word = (table: Record<string, Message>, v: string): Message => table[v] ?? { fr: v, en: v };

const TARIFF: Record<string, Message> = { social: { fr: 'social', en: 'social' }, general: { fr: 'général', en: 'general' } };
const CATEGORY: Record<string, Message> = {
  particulier: { fr: 'particulier', en: 'residential' },
  professionnel: { fr: 'professionnel', en: 'business' },
  administration: { fr: 'administration', en: 'public administration' },
};
const METERING: Record<string, Message> = { prepaid: { fr: 'prépayé', en: 'prepaid' }, postpaid: { fr: 'postpayé', en: 'postpaid' } };
const SERVICE: Record<string, Message> = { electricity: { fr: 'électricité', en: 'electricity' }, water: { fr: 'eau', en: 'water' } };
const ofService = (v: string) => (v === 'water' ? "d’eau" : "d’électricité");

export const ENUM_WORDS: Record<EnumField, EnumWords> = {
  tariff: {
    only: (vs) => vs.length > 1
      ? { fr: `Seuls les tarifs ${list(vs, TARIFF, 'fr')} sont retenus`, en: `Only the ${list(vs, TARIFF, 'en')} tariffs are retained` }
      : { fr: `Seul le tarif ${word(TARIFF, vs[0]).fr} est retenu`, en: `Only the ${word(TARIFF, vs[0]).en} tariff is retained` },
    excluded: (v) => ({ fr: `Le tarif ${word(TARIFF, v).fr} n’est pas retenu`, en: `The ${word(TARIFF, v).en} tariff is not retained` }),
    own: (v) => ({ fr: `votre contrat${C} tarif ${word(TARIFF, v).fr}`, en: `your contract: ${word(TARIFF, v).en} tariff` }),
  },
  category: {
    // "abonnés particuliers" agrees in the masculine; "administrations" is a feminine noun of its own.
    only: (vs) => {
      const people = vs.filter((v) => v !== 'administration');
      const fr = people.length ? [`les abonnés ${formatList(people.map((v) => word(CATEGORY, v).fr + 's'), 'fr', 'and')}`] : [];
      const en = people.length ? [`${formatList(people.map((v) => word(CATEGORY, v).en), 'en', 'and')} subscribers`] : [];
      if (vs.includes('administration')) { fr.push('les administrations'); en.push('public administrations'); }
      const fem = people.length === 0;
      return { fr: `${fem ? 'Seules' : 'Seuls'} ${fr.join(' et ')} sont ${fem ? 'retenues' : 'retenus'}`, en: `Only ${en.join(' and ')} are retained` };
    },
    excluded: (v) => v === 'administration'
      ? { fr: `Les administrations ne sont pas retenues`, en: `Public administrations are not retained` }
      : { fr: `Les abonnés ${word(CATEGORY, v).fr}s ne sont pas retenus`, en: `${cap(word(CATEGORY, v).en)} subscribers are not retained` },
    own: (v) => ({ fr: `votre contrat${C} ${word(CATEGORY, v).fr}`, en: `your contract: ${word(CATEGORY, v).en}` }),
  },
  metering: {
    only: (vs) => ({ fr: `Seuls les compteurs ${list(vs, METERING, 'fr', 's')} sont retenus`, en: `Only ${list(vs, METERING, 'en')} meters are retained` }),
    excluded: (v) => ({ fr: `Les compteurs ${word(METERING, v).fr}s ne sont pas retenus`, en: `${cap(word(METERING, v).en)} meters are not retained` }),
    own: (v) => ({ fr: `votre compteur${C} ${word(METERING, v).fr}`, en: `your meter: ${word(METERING, v).en}` }),
  },
  service: {
    only: (vs) => ({ fr: `Seuls les abonnements ${formatList(vs.map(ofService), 'fr', 'and')} sont retenus`, en: `Only ${list(vs, SERVICE, 'en')} accounts are retained` }),
    excluded: (v) => ({ fr: `Les abonnements ${ofService(v)} ne sont pas retenus`, en: `${cap(word(SERVICE, v).en)} accounts are not retained` }),
    own: (v) => ({ fr: `votre abonnement${C} ${word(SERVICE, v).fr}`, en: `your account: ${word(SERVICE, v).en}` }),
  },
};

function list(vs: string[], table: Record<string, Message>, lang: 'fr' | 'en', suffix = ''): string {
  return formatList(vs.map((v) => word(table, v)[lang] + suffix), lang, 'and');
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The conditions that held in the alternative the subscriber came closest to, as a phrase placed after the
 * requirement: " au tarif social". Only plain single-value conditions on enumerated fields read well that way;
 * the others are left out rather than said badly. The failing field itself is never repeated.
 */
export function qualifiers(context: Leaf[], failingField: string): Message {
  let fr = '';
  let en = '';
  for (const leaf of context) {
    if (leaf.field === failingField) continue;
    const values = leaf.op === 'eq' || (leaf.op === 'in' && leaf.values.length === 1) ? requiredValues(leaf) : [];
    const v = values[0];
    if (typeof v !== 'string') continue;
    if (leaf.field === 'tariff') { fr += ` au tarif ${word(TARIFF, v).fr}`; en += ` on the ${word(TARIFF, v).en} tariff`; }
    if (leaf.field === 'metering') { fr += ` pour les compteurs ${word(METERING, v).fr}s`; en += ` for ${word(METERING, v).en} meters`; }
    if (leaf.field === 'service') { fr += ` pour les abonnements ${ofService(v)}`; en += ` for ${word(SERVICE, v).en} accounts`; }
    if (leaf.field === 'category') {
      fr += v === 'administration' ? ' pour les administrations' : ` pour les abonnés ${word(CATEGORY, v).fr}s`;
      en += v === 'administration' ? ' for public administrations' : ` for ${word(CATEGORY, v).en} subscribers`;
    }
  }
  return { fr, en };
}
