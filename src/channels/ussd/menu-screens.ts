/** @module The screens of the walk itself: the menu, the number prompts (with why the last number was not taken), the ends of a session. */
import type { FieldError } from '../../claims/outcome.js';
import { screen } from './gsm7-text.js';
import type { Session } from './session.js';
import { WORDS, dialOf, type Action, type Lang } from './words.js';

/** The screens that depend on nothing but the language: built once. */
const FIXED = new Map<string, string>();
const fixed = (key: string, build: () => string): string => {
  let s = FIXED.get(key);
  if (s === undefined) FIXED.set(key, (s = build()));
  return s;
};

export function menuScreen(lang: Lang, wrong: boolean): string {
  const w = WORDS[lang];
  return fixed(`menu ${lang} ${wrong}`, () => wrong ? screen('CON', `${w.unknownOption}\n${w.menu}`, w.menu) : screen('CON', w.menu));
}

/** The core's words for a field error, in the session's language. */
export function errorText(e: FieldError, lang: Lang): string {
  return lang === 'en' && e.message_en ? e.message_en : e.message;
}

/** Short words for a number not taken, when the core's sentence leaves no room for the prompt. */
const NOT_TAKEN: Record<Lang, string> = { fr: 'Numéro mal saisi.', en: 'Number mistyped.' };

export function promptScreen(lang: Lang, action: Action, error: FieldError | null): string {
  const w = WORDS[lang];
  if (error === null) return fixed(`prompt ${lang} ${action}`, () => screen('CON', `${w.prompt[action]}\n${w.back}`));
  const why = errorText(error, lang);
  return screen('CON', `${why}\n${w.retype}\n${w.back}`, `${why}\n${w.back}`, `${NOT_TAKEN[lang]} ${w.prompt[action]}\n${w.back}`, `${NOT_TAKEN[lang]}\n${w.retype}\n${w.back}`);
}

export function overScreen(s: Extract<Session, { at: 'over' }>, dial: string): string {
  const w = WORDS[s.lang];
  switch (s.why) {
    case 'too_many_steps': return screen('END', w.tooManySteps(dial), w.tooManySteps(w.dialUnknown));
    case 'too_many_tries': return screen('END', w.tooManyTries(dial), w.tooManyTries(w.dialUnknown));
    case 'wrong_options': return screen('END', w.wrongOptions(dial), w.wrongOptions(w.dialUnknown));
    case 'after_end': return screen('END', w.sessionOver(dial), w.sessionOver(w.dialUnknown));
  }
}

/** A `text` longer than any session could type: nothing of it is read, not even the language chosen. */
export const tooLongScreen = (serviceCode: string): string => screen('END', WORDS.fr.tooLong(dialOf(serviceCode, 'fr')), WORDS.fr.tooLong(WORDS.fr.dialUnknown));

export const unavailableScreen = (lang: Lang): string => screen('END', WORDS[lang].unavailable);
