/** @module The USSD channel's adapter: a claim's outcome as the `END` screen that closes the session. */
import type { ClaimOutcome, Ineligible } from '../../claims/outcome.js';
import type { CreditRecord } from '../../domain/credit.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { formatNumber } from '../../programmes/format.js';
import { clip, screen, toGsm7 } from './gsm7-text.js';
import { day, fcfa, groups, minutes, nextLine, quantity, serviceWord } from './format.js';
import { errorText, unavailableScreen } from './menu-screens.js';
import { WORDS, type Lang } from './words.js';

export interface ClaimScreenContext {
  lang: Lang;
  /** The caller's phone in its one form (`+241` and 8 digits), or null when the gateway's is not a Gabonese mobile. */
  phone: string | null;
  /** The service code as a sentence says it ("le *855#"). */
  dial: string;
  /** The follow-up sends the code by SMS once the claim's turn comes; false: the screen asks to dial again (same place). */
  smsFollows: boolean;
  /** For a queued claim: the number designates a prepaid meter (a code follows) rather than an account (a confirmation). */
  prepaid: boolean;
}

/** A contract number as long as the registry allows (40) still leaves room for the sentence around it. */
const CONTRACT_SHORT = 16;

/** The code, what it is worth, how to key it in; then the meter and the reference while they fit. */
function tokenScreen(c: CreditRecord, sub: StoredSubscriber | null, replayed: boolean, lang: Lang): string {
  const w = WORDS[lang];
  const service = serviceWord(c.service, lang);
  const head = replayed ? w.codeAgain(service, day(c.issued_at, lang)) : w.code(service, quantity(c, lang), fcfa(c.fcfa, lang));
  const code = groups(c.token ?? '');
  const meter = sub ? w.meter(sub.meter_no) : null;
  const ref = w.ref(c.claim_id);
  const lines = (...l: (string | null)[]) => l.filter((x) => x !== null).join('\n');
  return screen('END', lines(head, code, w.keyIn, meter, ref), lines(head, code, w.keyIn, ref), lines(head, code, w.keyIn),
    lines(head, code, w.keyInShort), lines(code, w.keyInShort));
}

/** The account credited (which service, which contract): a household with both must tell which. */
function accountScreen(c: CreditRecord, sub: StoredSubscriber | null, replayed: boolean, lang: Lang): string {
  const w = WORDS[lang];
  const service = serviceWord(c.service, lang);
  const amount = fcfa(c.fcfa, lang);
  const contract = toGsm7(sub?.contract_no ?? '');
  const say = (k: string) => replayed ? w.creditedAgain(service, k, amount, day(c.issued_at, lang)) : w.credited(service, k, amount);
  return screen('END', `${say(contract)}\n${w.ref(c.claim_id)}`, say(contract), say(clip(contract, CONTRACT_SHORT)), w.creditedShort(amount));
}

export function issuedScreen(c: CreditRecord, sub: StoredSubscriber | null, replayed: boolean, lang: Lang): string {
  return c.token !== null ? tokenScreen(c, sub, replayed, lang) : accountScreen(c, sub, replayed, lang);
}

/**
 * The reason in the core's words (the programme's sentence, brought to GSM-7), then the next cycle only when its
 * rules would retain this person; the catalogue's short sentence when the core's does not fit.
 */
export function refusedScreen(o: Ineligible, lang: Lang, lead = ''): string {
  const w = WORDS[lang];
  const said = `${lead}${o.message[lang]}`;
  const short = `${lead}${w.reasons[o.reason] ?? w.refusedDefault}`;
  const next = nextLine(o.next, lang);
  const wordings = next ? [`${said}\n${next}`, `${short}\n${next}`, said, short] : [said, short];
  return screen('END', ...wordings);
}

/** A USSD session cannot wait in line: the place is kept server-side and the answer follows (by SMS, or a new call). */
function queuedScreen(o: Extract<ClaimOutcome, { kind: 'queued' }>, c: ClaimScreenContext): string {
  const w = WORDS[c.lang];
  const place = toGsm7(formatNumber(o.position, c.lang));
  const wait = minutes(o.eta_s);
  if (c.smsFollows && c.phone !== null) return screen('END', w.queuedSms(place, wait, c.phone, c.prepaid), w.queuedSmsShort(place, c.prepaid));
  return screen('END', w.queuedDialAgain(place, wait, c.dial), w.queuedDialAgain(place, wait, w.dialUnknown));
}

export function claimScreen(o: ClaimOutcome, c: ClaimScreenContext): string {
  switch (o.kind) {
    case 'issued': return issuedScreen(o.credit, o.subscriber, o.replayed, c.lang);
    case 'ineligible': return refusedScreen(o, c.lang);
    case 'invalid': return screen('END', o.errors[0] ? errorText(o.errors[0], c.lang) : WORDS[c.lang].refusedDefault, WORDS[c.lang].refusedDefault);
    case 'queued': return queuedScreen(o, c);
    case 'unavailable': return unavailableScreen(c.lang);
  }
}
