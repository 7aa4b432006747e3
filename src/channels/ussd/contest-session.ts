/**
 * @module Menu option 4 of a USSD session, walked from `text` alone like the rest (session.ts): raise a grievance
 * (category, number, confirm) or follow one (ticket or number). Walking issues nothing: only the last input acts.
 */
import type { FieldError } from '../../claims/outcome.js';
import type { GrievanceCategory } from '../../domain/grievance.js';
import type { Lang } from './words.js';

/** The category screen's options, in the order the screen lists them. */
export const CATEGORY_OPTIONS: Readonly<Record<string, GrievanceCategory>> = { 1: 'not_retained', 2: 'unknown_meter', 3: 'code_rejected', 4: 'not_credited', 5: 'other' };
export const CONTEST_MENU: Readonly<Record<string, 'raise' | 'track'>> = { 1: 'raise', 2: 'track' };
export const CONFIRM = '1';

export type ContestSession =
  /** "1 Faire une réclamation / 2 Suivre ma réclamation". */
  | { at: 'contest_menu'; lang: Lang; tries: number; wrong: boolean }
  | { at: 'contest_category'; lang: Lang; tries: number; wrong: boolean }
  /** The number the grievance is about; `error`: why the last one was not taken. */
  | { at: 'contest_number'; lang: Lang; category: GrievanceCategory; tries: number; error: FieldError | null }
  | { at: 'contest_confirm'; lang: Lang; category: GrievanceCategory; number: string; tries: number; wrong: boolean }
  /** The last input acts: raise it. */
  | { at: 'contest_raise'; lang: Lang; category: GrievanceCategory; number: string }
  | { at: 'track_prompt'; lang: Lang; tries: number; empty: boolean }
  /** The last input acts: a ticket or a number to look up. */
  | { at: 'track'; lang: Lang; query: string };

export type ContestAt = ContestSession['at'];
const AT: ReadonlySet<string> = new Set<ContestAt>(['contest_menu', 'contest_category', 'contest_number', 'contest_confirm', 'contest_raise', 'track_prompt', 'track']);
export const isContest = (s: { at: string }): s is ContestSession => AT.has(s.at);

export type Over = { at: 'over'; lang: Lang; why: 'too_many_tries' | 'wrong_options' | 'after_end' };
export type Menu = { at: 'menu'; lang: Lang; tries: number; wrong: boolean };

/** A wrong option: the same screen again saying so, or the end after three in a row. */
function wrongOption<S extends { lang: Lang; tries: number; wrong: boolean }>(s: S, max: number): S | Over {
  return s.tries + 1 >= max ? { at: 'over', lang: s.lang, why: 'wrong_options' } : { ...s, tries: s.tries + 1, wrong: true };
}

/**
 * One input at one of option 4's screens. `reject` says why a typed number cannot be taken (a typo, letters), as the
 * claim's prompt does; an unknown number is taken (it is what an `unknown_meter` grievance is about).
 */
export function contestStep(s: ContestSession, input: string, reject: (n: string) => FieldError | null, back: string, maxTries: number): ContestSession | Over | Menu {
  const { lang } = s;
  switch (s.at) {
    case 'contest_menu': {
      if (input === back) return { at: 'menu', lang, tries: 0, wrong: false };
      const o = CONTEST_MENU[input];
      if (o === 'raise') return { at: 'contest_category', lang, tries: 0, wrong: false };
      if (o === 'track') return { at: 'track_prompt', lang, tries: 0, empty: false };
      return wrongOption(s, maxTries);
    }
    case 'contest_category': {
      if (input === back) return { at: 'contest_menu', lang, tries: 0, wrong: false };
      const category = CATEGORY_OPTIONS[input];
      return category ? { at: 'contest_number', lang, category, tries: 0, error: null } : wrongOption(s, maxTries);
    }
    case 'contest_number': {
      if (input === back) return { at: 'contest_category', lang, tries: 0, wrong: false };
      const error = reject(input);
      if (error === null) return { at: 'contest_confirm', lang, category: s.category, number: input, tries: 0, wrong: false };
      return s.tries + 1 >= maxTries ? { at: 'over', lang, why: 'too_many_tries' } : { ...s, tries: s.tries + 1, error };
    }
    case 'contest_confirm':
      if (input === CONFIRM) return { at: 'contest_raise', lang, category: s.category, number: s.number };
      if (input === back) return { at: 'menu', lang, tries: 0, wrong: false };
      return wrongOption(s, maxTries);
    case 'track_prompt':
      if (input === back) return { at: 'contest_menu', lang, tries: 0, wrong: false };
      if (input !== '') return { at: 'track', lang, query: input };
      return s.tries + 1 >= maxTries ? { at: 'over', lang, why: 'too_many_tries' } : { ...s, tries: s.tries + 1, empty: true };
    // An input after an answer that ended the session: a replayed or forged text.
    case 'contest_raise':
    case 'track':
      return { at: 'over', lang, why: 'after_end' };
  }
}
