/**
 * @module Finding a subscriber the way a caller describes them: a meter, contract or phone number (exact, indexed), or
 * a holder's name that tolerates accents, case, word order and a slip of spelling. Engine-neutral here (what a query
 * is, how names compare); each engine finds the candidates its own way (FTS5 on SQLite, pg_trgm on PostgreSQL).
 */
import type { StoredSubscriber } from '../domain/subscriber.js';
import { normalisePhone } from '../registry/phone.js';

export type SearchMatch = 'meter' | 'contract' | 'phone' | 'name';

export interface SearchHit {
  subscriber: StoredSubscriber;
  match: SearchMatch;
  /** 1 for an exact number, else how closely the name matches (0 to 1). */
  score: number;
}

export interface SearchOptions {
  /** Only subscribers of this agency (exact, as the registry writes it). */
  agency?: string | null;
}

export const SEARCH_MAX = 100;
/** What an agent types in one box: longer is not a name or a number. */
export const QUERY_MAX = 120;

/** The parts of what was typed that each kind of look-up can use. */
export interface ParsedQuery {
  /** Digits alone (spaces, dots, dashes dropped): a meter number, perhaps a contract or a phone. */
  digits: string | null;
  /** Forms a contract number may be stored in (upper case; with the dash after the letters as the registry writes it). */
  contracts: string[];
  phone: string | null;
  /** Name words, lower case, accents removed; empty when the query holds no word of two letters. */
  words: string[];
}

/** Lower case, accents and other marks removed (é -> e, ï -> i), œ and æ spelled out: how names are compared. */
export function foldName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

export function nameWords(s: string): string[] {
  return foldName(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2).slice(0, 6);
}

export function parseQuery(raw: string): ParsedQuery {
  const q = raw.trim().slice(0, QUERY_MAX);
  const compact = q.replace(/[\s.\-()/]/g, '');
  const digits = /^\+?[0-9]{4,20}$/.test(compact) ? compact.replace(/^\+/, '') : null;
  const upper = q.toUpperCase().replace(/\s+/g, '');
  const contracts = new Set<string>();
  if (/^[A-Z0-9\-_/]{3,40}$/.test(upper)) {
    contracts.add(upper);
    const m = /^([A-Z]{2,5})[-_ ]?([0-9]{3,20})$/.exec(upper);
    if (m) contracts.add(`${m[1]}-${m[2]}`);
  }
  return { digits, contracts: [...contracts], phone: normalisePhone(q), words: digits ? [] : nameWords(q) };
}

/** Optimal string alignment distance (Levenshtein plus one transposition), stopping once past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    let best = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/** How many slips a word may carry and still be the same name: none in a short word, one up to six letters, two beyond. */
export function slipsAllowed(word: string): number {
  return word.length <= 3 ? 0 : word.length <= 6 ? 1 : 2;
}

/**
 * How closely a stored name matches the query words (0 to 1): each query word against its best word of the name
 * (a prefix of it counts, for a name typed half-way), averaged. Word order does not matter.
 */
export function nameScore(queryWords: readonly string[], holder: string): number {
  const words = nameWords(holder);
  if (queryWords.length === 0 || words.length === 0) return 0;
  let sum = 0;
  for (const q of queryWords) {
    let best = 0;
    for (const w of words) {
      if (w === q) { best = 1; break; }
      if (w.startsWith(q)) best = Math.max(best, 0.9);
      const d = editDistance(q, w, 2);
      if (d <= 2) best = Math.max(best, 1 - d / Math.max(q.length, w.length));
    }
    sum += best;
  }
  return sum / queryWords.length;
}

/** Hits by score, best first, then by name; one hit per subscriber (the best kind of match wins). */
export function rankHits(hits: SearchHit[], limit: number): SearchHit[] {
  const best = new Map<number, SearchHit>();
  for (const h of hits) {
    const seen = best.get(h.subscriber.id);
    if (!seen || h.score > seen.score) best.set(h.subscriber.id, h);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.subscriber.holder_name.localeCompare(b.subscriber.holder_name, 'fr') || a.subscriber.id - b.subscriber.id)
    .slice(0, limit);
}

/** A name hit is kept when most of the query matches: one wrong first name among three words still finds the family. */
export const NAME_MIN_SCORE = 0.5;
