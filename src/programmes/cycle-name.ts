/** @module How a cycle is named inside a sentence: its `wording` when the programme gives one, else its quoted label. */
import type { Cycle } from '../domain/programme.js';
import { NBSP } from './format.js';
import type { Message, WordedCycle } from './types.js';

/** "la phase 2" / "phase 2"; without wording, "la période « Phase 2 — mai 2020 »", which is grammatical everywhere. */
export function cycleName(cycle: Cycle): Message {
  const w = (cycle as WordedCycle).wording;
  if (w) return w;
  return { fr: `la période «${NBSP}${cycle.label}${NBSP}»`, en: `the period "${cycle.label_en ?? cycle.label}"` };
}

/** French "de" + the cycle's name, with the article contracted: "de la phase 2", "du cycle de mai", "des deux mois". */
export function ofCycleFr(name: string): string {
  if (/^le\s/i.test(name)) return 'du ' + name.slice(3);
  if (/^les\s/i.test(name)) return 'des ' + name.slice(4);
  if (/^[aeiouyhéèêàâîôû]/i.test(name) && !/^(la|l['’])/i.test(name)) return 'd’' + name;
  return 'de ' + name;
}
