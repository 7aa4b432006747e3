/** @module GSM 03.38 (3GPP TS 23.038) default alphabet: what fits one SMS, and its unpacked bytes for data_coding 0. */

/** The default alphabet, indexed by septet; U+001B stands for the escape to the extension table. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each costs two septets, ESC then this code. */
const EXTENSION: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a], ['^', 0x14], ['{', 0x28], ['}', 0x29], ['\\', 0x2f],
  ['[', 0x3c], ['~', 0x3d], [']', 0x3e], ['|', 0x40], ['€', 0x65],
];

export const ESC = 0x1b;
/** A single-part SMS in the default alphabet: 140 octets of 7-bit septets. */
export const SINGLE_SMS_SEPTETS = 160;

const BASIC_CODE = new Map<string, number>();
for (let i = 0; i < BASIC.length; i++) if (i !== ESC) BASIC_CODE.set(BASIC[i], i);
const EXT_CODE = new Map<string, number>(EXTENSION);
const EXT_CHAR = new Map<number, string>(EXTENSION.map(([c, code]) => [code, c]));

/**
 * Septets each UTF-16 unit costs: 1 (default alphabet), 2 (extension table), 0 when it has no GSM-7 form. Every GSM-7
 * character is one unit, so a surrogate (half of an emoji) costs 0. A table, not two map look-ups a character: every
 * credit's notice is checked on the claim path (6.8 µs a notice with the maps, measured under load).
 */
const COST = new Uint8Array(0x10000);
for (const ch of BASIC_CODE.keys()) COST[ch.charCodeAt(0)] = 1;
for (const ch of EXT_CODE.keys()) COST[ch.charCodeAt(0)] = 2;

/** Septets the character `ch` (one code point) costs, or 0 when it has no GSM-7 form. */
function cost(ch: string): number {
  return ch.length === 1 ? COST[ch.charCodeAt(0)] : 0;
}

export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (COST[text.charCodeAt(i)] === 0) return false;
  return true;
}

/** Septets the text takes in the default alphabet (extension characters count 2); throws when it has no GSM-7 form. */
export function septets(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = COST[text.charCodeAt(i)];
    if (c === 0) throw new RangeError(`not GSM-7: ${describe(String.fromCodePoint(text.codePointAt(i)!))}`);
    n += c;
  }
  return n;
}

/** The distinct characters that have no GSM-7 form, in order of first appearance: for clear messages and test failures. */
export function nonGsm7(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) if (cost(ch) === 0 && !out.includes(ch)) out.push(ch);
  return out;
}

/** `'ê' (U+00EA)`: the invisible ones (non-breaking space, typographic apostrophe) need their code point to be seen. */
export function describe(ch: string): string {
  return `'${ch}' (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** Unpacked GSM-7 (one octet per septet, extension characters as ESC + code): what SMPP data_coding 0 carries. */
export function encodeGsm7(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const basic = BASIC_CODE.get(ch);
    if (basic !== undefined) {
      bytes.push(basic);
      continue;
    }
    const ext = EXT_CODE.get(ch);
    if (ext === undefined) throw new RangeError(`not GSM-7: ${describe(ch)}`);
    bytes.push(ESC, ext);
  }
  return Buffer.from(bytes);
}

/**
 * Unpacked GSM-7 to text. An escape followed by a code the extension table lacks shows the default-alphabet character
 * (23.038 §6.2.1.1); an octet above 0x7F cannot be a septet and shows as U+FFFD, so a wrong data_coding is visible.
 */
export function decodeGsm7(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b > 0x7f) out += '\ufffd';
    else if (b !== ESC) out += BASIC[b];
    else if (i + 1 < bytes.length) {
      const next = bytes[++i];
      out += next > 0x7f ? '\ufffd' : (EXT_CHAR.get(next) ?? (next === ESC ? ' ' : BASIC[next]));
    }
  }
  return out;
}

/**
 * What French and typographic text becomes in the default alphabet: a typographic apostrophe or quote, a dash, a
 * no-break space, the accents GSM-7 lacks (ê ô î â û ë ï ç œ, m³). é è à ù ì ò É Ç are in it and stay. Anything
 * else without a GSM-7 form becomes `?`, so the result always is GSM-7.
 */
const PLAIN: Record<string, string> = {
  '\u2019': "'", '\u2018': "'", '\u201C': '"', '\u201D': '"', '«': '"', '»': '"', '\u2013': '-', '\u2014': '-', '\u2026': '...',
  '\u00A0': ' ', '\u202F': ' ', '\u2009': ' ', 'â': 'a', 'ê': 'e', 'î': 'i', 'ô': 'o', 'û': 'u', 'ë': 'e', 'ï': 'i', 'ÿ': 'y',
  'ç': 'c', 'œ': 'oe', 'Œ': 'OE', 'À': 'A', 'Â': 'A', 'È': 'E', 'Ê': 'E', 'Ë': 'E', 'Î': 'I', 'Ï': 'I', 'Ô': 'O', 'Ù': 'U',
  'Û': 'U', '³': '3', '²': '2', '°': 'o', '\t': ' ',
};

export function toGsm7(text: string): string {
  if (isGsm7(text)) return text;
  let out = '';
  for (const ch of text) out += cost(ch) > 0 ? ch : PLAIN[ch] ?? '?';
  return out;
}

/** At most `max` septets (one SMS), cut at a word with "..." when longer: for sentences we did not write (a refusal's reason). */
export function fitGsm7(text: string, max = SINGLE_SMS_SEPTETS): string {
  const t = toGsm7(text);
  if (septets(t) <= max) return t;
  let cut = '';
  for (const word of t.split(' ')) {
    const next = cut ? `${cut} ${word}` : word;
    if (septets(next) + 3 > max) break;
    cut = next;
  }
  return `${cut || t.slice(0, max - 3)}...`;
}
