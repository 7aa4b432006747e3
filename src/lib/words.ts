/** @module Counts in the operators' English: "1 row", "2 rows", "12,345 rows" (never "1 rows" or "row(s)"). */

/** A whole number with thousands separators, as the command line prints them: 12345 -> "12,345". */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * `n` and the noun agreeing with it; the plural is `singular + s` unless given ("1 entry", "3 entries"). `plain`:
 * digits only, for lines scripts read (`journal verify` prints the entry count).
 */
export function count(n: number, singular: string, plural = `${singular}s`, o: { plain?: boolean } = {}): string {
  return `${o.plain ? String(n) : int(n)} ${n === 1 ? singular : plural}`;
}
