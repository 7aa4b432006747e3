/** @module The screens of USSD option 4: the grievance menu, the categories, the number, the confirmation, the ticket, a grievance's state. GSM-7, 182 septets. */
import type { FieldError } from '../../claims/outcome.js';
import type { Grievance, GrievanceCategory } from '../../domain/grievance.js';
import { clip, screen, toGsm7 } from './gsm7-text.js';
import { CONTEST_WORDS } from './contest-words.js';
import { errorText } from './menu-screens.js';
import { WORDS, type Lang } from './words.js';

const NUMBER_SHORT = 16;

export function contestMenuScreen(lang: Lang, wrong: boolean): string {
  const w = CONTEST_WORDS[lang];
  return wrong ? screen('CON', `${WORDS[lang].unknownOption}\n${w.menu}`, w.menu) : screen('CON', w.menu);
}

export function categoryScreen(lang: Lang, wrong: boolean): string {
  const w = CONTEST_WORDS[lang];
  return wrong ? screen('CON', `${WORDS[lang].unknownOption}\n${w.categories}`, `${w.wrong}\n${w.categories}`) : screen('CON', w.categories);
}

export function contestNumberScreen(lang: Lang, category: GrievanceCategory, error: FieldError | null): string {
  const w = CONTEST_WORDS[lang];
  const ask = w.numberPrompt(w.category[category]);
  const back = WORDS[lang].back;
  if (error === null) return screen('CON', `${ask}\n${back}`);
  const why = errorText(error, lang);
  return screen('CON', `${why}\n${WORDS[lang].retype}\n${back}`, `${why}\n${back}`);
}

export function confirmScreen(lang: Lang, category: GrievanceCategory, number: string, wrong: boolean): string {
  const w = CONTEST_WORDS[lang];
  const c = w.confirm(w.category[category], toGsm7(number));
  const short = w.confirm(w.category[category], clip(toGsm7(number), NUMBER_SHORT));
  return wrong ? screen('CON', `${WORDS[lang].unknownOption}\n${c}`, c, short) : screen('CON', c, short);
}

/** The ticket, first: the one thing the caller must write down. */
export function raisedScreen(lang: Lang, x: Grievance, fresh: boolean): string {
  const w = CONTEST_WORDS[lang];
  if (!fresh) return screen('END', `${w.existing(x.ticket, w.status[x.status])} ${w.followHow}`, w.existing(x.ticket, w.status[x.status]));
  const head = w.raised(x.ticket, w.category[x.category]);
  const sms = x.phone ? ` ${w.smsFollows(x.phone)}` : '';
  return screen('END', `${head}${sms} ${w.followHow}`, `${head} ${w.followHow}`, head);
}

export function trackPromptScreen(lang: Lang, empty: boolean): string {
  const w = CONTEST_WORDS[lang];
  const back = WORDS[lang].back;
  return screen('CON', `${empty ? `${w.trackEmpty} ` : ''}${w.trackPrompt}\n${back}`);
}

/** One grievance's state, and once decided the decider's words, cut to the screen if they must be. */
export function grievanceScreen(lang: Lang, x: Grievance): string {
  const w = CONTEST_WORDS[lang];
  const line = w.ticketLine(x.ticket, w.category[x.category], w.status[x.status]);
  const claim = x.decision === 'accepted' && x.remedy?.kind === 'exception' ? ` ${w.claimNow}` : '';
  if (!x.reason) return screen('END', `${line}.${claim}`);
  // The next step before the decider's words, which are cut to the screen if they must be.
  return screen('END', `${line}.${claim}\n${w.reason(x.reason)}`);
}

/** A number's grievances, newest first: as many as fit, and how many more. */
export function grievancesScreen(lang: Lang, query: string, found: readonly Grievance[]): string {
  const w = CONTEST_WORDS[lang];
  if (found.length === 0) return screen('END', w.none(toGsm7(query)), w.none(clip(toGsm7(query), NUMBER_SHORT)));
  if (found.length === 1) return grievanceScreen(lang, found[0]);
  const wordings: string[] = [];
  for (let k = found.length; k >= 1; k--) {
    const lines = found.slice(0, k).map((x) => w.ticketLine(x.ticket, w.category[x.category], w.status[x.status]));
    if (k < found.length) lines.push(w.more(found.length - k));
    wordings.push(lines.join('\n'));
  }
  return screen('END', ...wordings);
}

export const ticketMalformedScreen = (lang: Lang): string => screen('END', CONTEST_WORDS[lang].malformed);
export const ticketNotFoundScreen = (lang: Lang): string => screen('END', CONTEST_WORDS[lang].notFound);

/** The core refused the grievance (a number it cannot take): its words, in the session's language. */
export function contestInvalidScreen(lang: Lang, errors: readonly FieldError[]): string {
  return screen('END', errors[0] ? errorText(errors[0], lang) : WORDS[lang].refusedDefault, WORDS[lang].refusedDefault);
}
