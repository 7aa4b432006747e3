/** @module "Retrouver mon code" and "Suis-je éligible ?" as `END` screens: what was issued, or what a claim would come to; neither issues anything. */
import type { Located } from '../../claims/locate.js';
import type { CheckOutcome } from '../../claims/outcome.js';
import type { CreditRecord } from '../../domain/credit.js';
import type { Cycle, Programme } from '../../domain/programme.js';
import { reasonMessage } from '../../programmes/messages.js';
import { capitalise } from '../../programmes/format.js';
import { clip, screen, toGsm7 } from './gsm7-text.js';
import { cycleInSentence, cycleLabel, fcfa, groups, serviceWord } from './format.js';
import { refusedScreen } from './claim-screen.js';
import { errorText } from './menu-screens.js';
import { WORDS, type Lang } from './words.js';

const CONTRACT_SHORT = 16;

/** The ways a cycle can head a line, longest first: its label, its name in a sentence, its id. */
function cycleNames(p: Programme, id: string, lang: Lang): string[] {
  const c: Cycle | undefined = p.cycles.find((x) => x.id === id);
  return c ? [cycleLabel(c, lang), capitalise(cycleInSentence(c, lang)), toGsm7(id)] : [toGsm7(id)];
}

function creditLine(c: CreditRecord, name: string, lang: Lang): string {
  const what = c.token !== null ? groups(c.token) : WORDS[lang].retrieveCredited(serviceWord(c.service, lang), fcfa(c.fcfa, lang));
  return `${name}: ${what}`;
}

/** The credits already issued, every one if they fit; else as many as fit and how many more. */
export function retrieveScreen(l: Located, credits: readonly CreditRecord[], p: Programme, lang: Lang): string {
  const w = WORDS[lang];
  if ('errors' in l || ('unknown' in l && l.typo)) {
    const e = 'errors' in l ? l.errors[0] : l.typo!;
    return screen('END', errorText(e, lang), w.reasons.unknown_meter);
  }
  if ('unknown' in l) return screen('END', reasonMessage('unknown_meter', { number: l.unknown })[lang], w.reasons.unknown_meter);
  if (credits.length === 0) return screen('END', w.retrieveNone);
  const wordings: string[] = [];
  for (let k = credits.length; k >= 1; k--) {
    for (let style = 0; style < 3; style++) {
      const lines = credits.slice(0, k).map((c) => creditLine(c, cycleNames(p, c.cycle, lang)[style] ?? toGsm7(c.cycle), lang));
      if (k < credits.length) lines.push(w.retrieveMore(credits.length - k));
      wordings.push(`${w.retrieveHead}\n${lines.join('\n')}`);
    }
  }
  return screen('END', ...wordings);
}

/** Yes (and how much), already credited, or no and why: the claim core's own decision, nothing claimed. */
export function checkScreen(o: CheckOutcome, p: Programme, lang: Lang): string {
  const w = WORDS[lang];
  switch (o.kind) {
    case 'eligible': {
      const service = serviceWord(o.subscriber.service, lang);
      const amount = fcfa(o.credit.fcfa, lang);
      const contract = toGsm7(o.subscriber.contract_no);
      const cycle = cycleInSentence(o.cycle, lang);
      return screen('END', w.eligible(service, contract, cycle, amount), w.eligible(service, clip(contract, CONTRACT_SHORT), cycle, amount), w.eligibleShort(amount));
    }
    case 'issued': {
      const service = serviceWord(o.credit.service, lang);
      const amount = fcfa(o.credit.fcfa, lang);
      const contract = toGsm7(o.subscriber.contract_no);
      const prepaid = o.credit.token !== null;
      const cycle = p.cycles.find((c) => c.id === o.credit.cycle);
      const name = cycle ? cycleInSentence(cycle, lang) : toGsm7(o.credit.cycle);
      return screen('END', w.alreadyCredited(service, contract, name, amount, prepaid), w.alreadyCredited(service, clip(contract, CONTRACT_SHORT), name, amount, prepaid), w.alreadyShort(prepaid));
    }
    case 'ineligible':
      return refusedScreen(o, lang, `${w.refusedCheck} `);
    case 'invalid':
      return screen('END', o.errors[0] ? errorText(o.errors[0], lang) : w.refusedDefault, w.refusedDefault);
  }
}
