/** @module How numbers, amounts, quantities, dates and lists are written in subscriber-facing sentences (French and English). */

export type Lang = 'fr' | 'en';

/** French groups thousands with a narrow no-break space (what `Intl` 'fr-FR' prints too): "15 000". */
export const THOUSANDS_FR = '\u202F';
/** French keeps a number with its unit, and a word with the colon after it, by a no-break space: "6 kW", "contrat : ". */
export const NBSP = '\u00A0';

/** A plain decimal number, at most 3 decimals, trailing zeros dropped: 15000 -> "15 000", 97.5 -> "97,5". */
export function formatNumber(n: number, lang: Lang): string {
  const sign = n < 0 ? '-' : '';
  const [intPart, frac = ''] = Math.abs(n).toFixed(3).replace(/\.?0+$/, '').split('.');
  return sign + group(intPart, lang) + (frac ? (lang === 'fr' ? ',' : '.') + frac : '');
}

/** Tenths of a unit as an exact decimal, from the integer (never through a float): 4166 -> "416,6". */
export function formatTenths(tenths: number, lang: Lang): string {
  const whole = Math.trunc(tenths / 10);
  const tenth = Math.abs(tenths % 10);
  return group(String(whole), lang) + (tenth ? (lang === 'fr' ? ',' : '.') + tenth : '');
}

function group(digits: string, lang: Lang): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'fr' ? THOUSANDS_FR : ',');
}

/** "15 000 FCFA" / "15,000 FCFA". */
export function formatFcfa(amount: number, lang: Lang): string {
  return formatNumber(amount, lang) + (lang === 'fr' ? NBSP : ' ') + 'FCFA';
}

/** The unit as a reader expects it: the API says `m3`, a sentence says m³. */
export function unitLabel(unit: 'kW' | 'kWh' | 'm3'): string {
  return unit === 'm3' ? 'm³' : unit;
}

/** "6 kW", "22 m³", "416,6 kWh". */
export function formatQuantity(n: number, unit: 'kW' | 'kWh' | 'm3', lang: Lang): string {
  return formatNumber(n, lang) + (lang === 'fr' ? NBSP : ' ') + unitLabel(unit);
}

/** "1 ou 2", "1, 2 ou 3" / "1 or 2": the way a sentence lists alternatives (or, with `and`, a set). */
export function formatList(items: string[], lang: Lang, conj: 'or' | 'and'): string {
  if (items.length <= 1) return items.join('');
  const word = lang === 'fr' ? (conj === 'or' ? 'ou' : 'et') : conj;
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Gabon keeps West Africa Time, UTC+1 all year (no daylight saving), so a fixed offset is exact and needs no tz data. */
const LIBREVILLE_OFFSET_MS = 3600_000;

/**
 * An ISO 8601 date ("2020-06-01") or instant ("2020-06-01T08:30:00+01:00") as a reader says it, in Libreville time:
 * "1er juin 2020", "15 juin 2020 à 8 h 30" / "1 June 2020", "15 June 2020 at 08:30".
 */
export function formatDate(iso: string, lang: Lang): string {
  let y: number, mo: number, d: number, h = 0, mi = 0, withTime = false;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (dateOnly) {
    [y, mo, d] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
  } else {
    const t = new Date(Date.parse(iso) + LIBREVILLE_OFFSET_MS);
    if (Number.isNaN(t.getTime())) return iso;
    [y, mo, d, h, mi] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes()];
    withTime = h !== 0 || mi !== 0;
  }
  if (lang === 'fr') {
    const day = d === 1 ? '1er' : String(d);
    const time = withTime ? ` à ${h}${NBSP}h${mi ? NBSP + String(mi).padStart(2, '0') : ''}` : '';
    return `${day} ${MONTHS_FR[mo - 1]} ${y}${time}`;
  }
  const time = withTime ? ` at ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}` : '';
  return `${d} ${MONTHS_EN[mo - 1]} ${y}${time}`;
}

/** Sentences start with a capital even when the cycle's wording ("la phase 2") does not. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
