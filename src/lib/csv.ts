/**
 * @module Writing CSV cells (RFC 4180) safely: every CSV the project writes goes through here, so quoting and the
 * neutralising of spreadsheet formulas are done once, the same way.
 */

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A spreadsheet runs a cell starting with one of these as a formula (`=HYPERLINK(...)`, `@SUM(1)`, `+1`, `-2+3`),
 * and tab or carriage return can hide such a start: OWASP's "CSV injection".
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as written by RFC 4180: quoted (quotes doubled) only when it holds a comma, a quote or a line break. */
export function quoteCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Text that someone supplied (an import, a subscriber, an operator), made safe to open in a spreadsheet: a cell that
 * would start a formula gets a leading `'`, which spreadsheets read as "this is text". Then quoted as needed.
 */
export function textCell(value: string): string {
  return quoteCell(FORMULA_START.test(value) ? `'${value}` : value);
}

/** A number we computed: written as a number (a negative one keeps its sign, it is not a formula). */
export function numberCell(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}

/** A cell of either kind: strings are text (neutralised), numbers are numbers, null is an empty cell. */
export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? numberCell(value) : textCell(value);
}

/** One record of text or number cells, and its LF line end. */
export function csvRecord(cells: readonly (string | number | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + cell(cells[i]);
  return `${line}\n`;
}

/**
 * The inverse of textCell's prefix, for the files we read back (a rejects file fixed and imported again): a cell
 * `'=...`, `'+241...` is the text after the `'`. Any other cell is returned as is.
 */
export function unneutralise(value: string): string {
  return value.charCodeAt(0) === 39 && FORMULA_START.test(value.slice(1, 2)) ? value.slice(1) : value;
}
