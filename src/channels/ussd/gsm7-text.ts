/**
 * @module USSD text: what a screen may hold (182 septets, GSM-7 only), the core's sentences and the programme's labels
 * brought into that alphabet, and the first of several wordings that fits.
 */
import { isGsm7, septets } from '../../sms/gsm7.js';

/** What a handset shows of one USSD answer, the `CON `/`END ` prefix included (counted in, to be safe either way). */
export const SCREEN_SEPTETS = 182;

/**
 * The French typography the pages use and GSM-7 lacks. A no-break space before `:` `?` `!` `;` is dropped (USSD
 * screens are written "Code: 1234" to save room); guillemets become straight quotes.
 */
const SPELLED: Readonly<Record<string, string>> = {
  '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ', '\u2007': ' ', '\t': ' ',
  '\u2019': "'", '\u2018': "'", '\u02bc': "'", '\u201c': '"', '\u201d': '"', '«': '"', '»': '"',
  '\u2014': '-', '\u2013': '-', '\u2011': '-', '\u2010': '-', '\u2026': '...', '\u00b3': '3', '\u00b2': '2',
  'œ': 'oe', 'Œ': 'OE', 'æ': 'ae',
};

/**
 * Septets per UTF-16 unit below U+0400, where every GSM-7 character lives (€ aside): 1, 2 (extension), 0 (none).
 * Every answer is checked, so the check is a table look-up per unit rather than a map per code point.
 */
const COST = new Uint8Array(0x400);
for (let c = 0; c < COST.length; c++) {
  const ch = String.fromCharCode(c);
  COST[c] = isGsm7(ch) ? septets(ch) : 0;
}

/** Septets of GSM-7 text, or -1 when it holds a character GSM-7 lacks. */
function cost(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const c = u < 0x400 ? COST[u] : 0;
    if (c === 0) return isGsm7(text) ? septets(text) : -1; // € and anything unusual: the exact, slower way
    n += c;
  }
  return n;
}

/** GSM-7 text from any sentence: accents the alphabet lacks lose their accent (ê→e, ç→c), the rest becomes `?`. */
export function toGsm7(s: string): string {
  if (cost(s) >= 0) return s;
  const tidy = s.replace(/«[\u00a0\u202f ]?/g, '"').replace(/[\u00a0\u202f ]?»/g, '"').replace(/[\u00a0\u202f]([:?!;])/g, '$1');
  let out = '';
  for (const ch of tidy) {
    if (isGsm7(ch)) {
      out += ch;
      continue;
    }
    const spelled = SPELLED[ch];
    if (spelled !== undefined) {
      out += spelled;
      continue;
    }
    // Control characters are dropped; a letter keeps its base (NFD, marks removed) when that base is GSM-7.
    if (/\p{Cc}/u.test(ch)) continue;
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += base !== '' && isGsm7(base) ? base : '?';
  }
  return out;
}

/** Whether a whole answer (prefix included) fits one screen. */
export function fits(answer: string): boolean {
  const n = cost(answer);
  return n >= 0 && n <= SCREEN_SEPTETS;
}

/** The text cut to `max` septets, ending with "..." when cut: the last resort for data nobody can reword (a label). */
export function clip(text: string, max: number): string {
  if (septets(text) <= max) return text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    const c = septets(ch);
    if (n + c > max - 3) break;
    out += ch;
    n += c;
  }
  return out.trimEnd() + '...';
}

/**
 * `CON text` or `END text`: the first wording that fits a screen once in GSM-7. Wordings go from the fullest to the
 * shortest; the last is clipped if even it does not fit, so an answer never overflows whatever the data.
 */
export function screen(kind: 'CON' | 'END', ...wordings: string[]): string {
  for (const w of wordings) {
    const answer = `${kind} ${toGsm7(w)}`;
    if (fits(answer)) return answer;
  }
  return `${kind} ${clip(toGsm7(wordings[wordings.length - 1] ?? ''), SCREEN_SEPTETS - kind.length - 1)}`;
}
