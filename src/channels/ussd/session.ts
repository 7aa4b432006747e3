/**
 * @module Where a USSD session stands, derived from its `text` alone (the inputs so far, joined by `*`): any node
 * behind the load balancer answers any step the same way, and no node keeps memory per session. The language
 * choice is one of the inputs too. Walking the inputs issues nothing: only the last one may act (claim, look up).
 */
import type { FieldError } from '../../claims/outcome.js';
import type { Located } from '../../claims/locate.js';
import type { Who } from '../../claims/request.js';
import type { Action, Lang } from './words.js';
import { contestStep, isContest, type ContestSession } from './contest-session.js';

/** More inputs than a person needs in one session (a language switch, a few retries, a way back): start over. */
export const MAX_STEPS = 16;
/** Wrong inputs in a row at one screen before the session ends with advice. */
export const MAX_TRIES = 3;

export const MENU: Readonly<Record<string, Action | 'contest' | 'language'>> = { 1: 'claim', 2: 'retrieve', 3: 'check', 4: 'contest', 5: 'language' };
export const BACK = '0';

export type Session =
  /** The menu; `wrong`: the last input was not an option. */
  | { at: 'menu'; lang: Lang; tries: number; wrong: boolean }
  /** Asking for a number; `error`: why the last one was not taken (a typo, letters, empty). */
  | { at: 'prompt'; lang: Lang; action: Action; tries: number; error: FieldError | null }
  /** The last input acts: a number to claim, look up or check. */
  | { at: 'act'; lang: Lang; action: Action; number: string }
  /** Option 4: raise a grievance or follow one (contest-session.ts). */
  | ContestSession
  /** `wrong_options`: three inputs in a row at the menu that were not options; `too_many_tries`: three numbers not taken. */
  | { at: 'over'; lang: Lang; why: 'too_many_steps' | 'too_many_tries' | 'wrong_options' | 'after_end' };

/** The inputs of a `text`: none at first; each trimmed, and a `#` some handsets add at the end dropped. */
export function inputsOf(text: string): string[] {
  return text === '' ? [] : text.split('*').map((x) => x.trim().replace(/#+$/, '').trim());
}

/** How the walk finds a number: as a claim would (`ClaimService.locate`), which issues nothing. */
export type Locate = (who: Who) => Located;

/** Why a typed number cannot be taken, or null when it designates someone or nobody (both are answers). */
export function rejection(locate: Locate, input: string): FieldError | null {
  const l = locate({ number: input });
  if ('errors' in l) return l.errors[0] ?? { field: 'number', message: 'Numéro invalide.', message_en: 'Invalid number.' };
  if ('unknown' in l) return l.typo;
  return null;
}

function step(s: Session, input: string, locate: Locate): Session {
  switch (s.at) {
    case 'menu': {
      const option = MENU[input];
      if (option === undefined) return s.tries + 1 >= MAX_TRIES ? { at: 'over', lang: s.lang, why: 'wrong_options' } : { ...s, tries: s.tries + 1, wrong: true };
      if (option === 'language') return { at: 'menu', lang: s.lang === 'fr' ? 'en' : 'fr', tries: 0, wrong: false };
      if (option === 'contest') return { at: 'contest_menu', lang: s.lang, tries: 0, wrong: false };
      return { at: 'prompt', lang: s.lang, action: option, tries: 0, error: null };
    }
    case 'prompt': {
      if (input === BACK) return { at: 'menu', lang: s.lang, tries: 0, wrong: false };
      const error = rejection(locate, input);
      if (error === null) return { at: 'act', lang: s.lang, action: s.action, number: input };
      return s.tries + 1 >= MAX_TRIES ? { at: 'over', lang: s.lang, why: 'too_many_tries' } : { ...s, tries: s.tries + 1, error };
    }
    // An input after an answer that ended the session: a replayed or forged text; the session is over.
    default:
      if (isContest(s)) return contestStep(s, input, (n) => rejection(locate, n), BACK, MAX_TRIES);
      return { at: 'over', lang: s.lang, why: 'after_end' };
  }
}

/** Where the session stands after these inputs. */
export function sessionOf(inputs: readonly string[], locate: Locate): Session {
  let s: Session = { at: 'menu', lang: 'fr', tries: 0, wrong: false };
  for (let i = 0; i < inputs.length; i++) {
    // Said in the language chosen so far; the inputs past the limit are not even looked at.
    if (i === MAX_STEPS) return { at: 'over', lang: s.lang, why: 'too_many_steps' };
    s = step(s, inputs[i], locate);
    if (s.at === 'over') return s;
  }
  return s;
}
