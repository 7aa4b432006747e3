/** @module `guichet codes import`: loads pre-generated prepaid codes (meter_no, cycle, token, units) batch by batch into either store, with rejects. */
import { createReadStream, existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import type { CodePoolStore, NewCode } from '../store/contract.js';
import { csvRecord, unneutralise } from '../lib/csv.js';

export interface CodeImportSummary {
  read: number;
  added: number;
  rejected: number;
  rejectsFile: string | null;
}

export class CodeFileError extends Error {}

const REQUIRED = ['meter_no', 'cycle', 'token', 'units'];

/** "53.5" -> 535; more than one decimal, or anything but a plain positive number, is refused. */
export function unitsToTenths(s: string): number | null {
  const m = /^([0-9]{1,6})(?:\.([0-9]))?$/.exec(s.trim());
  if (!m) return null;
  const t = Number(m[1]) * 10 + Number(m[2] ?? '0');
  return t > 0 ? t : null;
}

/** Rows per round trip: one prepaid-meter lookup and one insert per batch, not one query per row (PostgreSQL). */
const BATCH = 5000;

interface Pending {
  line: number;
  record: Record<string, string>;
  /** What is wrong besides the meter, if anything: reported only once the meter is known to be prepaid. */
  reason: string | null;
}

/** Checked before the store is opened, so a mistyped file name creates no store. */
export function checkCodeFile(file: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CodeFileError(`cannot read ${file}: no such file`);
}

export async function importCodes(codes: CodePoolStore, file: string): Promise<CodeImportSummary> {
  checkCodeFile(file);
  // Line number first, so rejects decided in a later batch still come out in file order.
  const rejects: [number, string][] = [];
  const reject = (line: number, reason: string, r: Record<string, string>) =>
    rejects.push([line, csvRecord([line, reason, ...REQUIRED.map((c) => r[c] ?? '')])]);
  let read = 0;
  let added = 0;
  const now = new Date().toISOString();
  const parser = createReadStream(file).pipe(parse({ bom: true, columns: true, skip_empty_lines: true, info: true, relax_column_count: true }));
  let batch: Pending[] = [];
  const flush = async (rows: Pending[]): Promise<void> => {
    if (rows.length === 0) return;
    const prepaid = await codes.prepaidMeters([...new Set(rows.map((p) => p.record.meter_no.trim()))]);
    const good: NewCode[] = [];
    for (const p of rows) {
      const meter = p.record.meter_no.trim();
      // Same order of checks as row by row: an unknown meter is the reason, whatever else is wrong with the row.
      const reason = prepaid.has(meter) ? p.reason : `unknown_meter: ${meter} is not a prepaid meter of the registry`;
      if (reason) reject(p.line, reason, p.record);
      else good.push({ meter_no: meter, cycle: p.record.cycle.trim(), token: p.record.token.trim(), units_tenths: unitsToTenths(p.record.units)! });
    }
    if (good.length) added += await codes.addCodes(good, now);
  };
  try {
    for await (const { record: raw, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      // A rejects file fixed and imported again: its cells as lib/csv.ts wrote them.
      const record = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, unneutralise(v)]));
      if (read === 0) {
        const missing = REQUIRED.filter((c) => !(c in record));
        if (missing.length) throw new CodeFileError(`${file}: missing column(s) ${missing.join(', ')} (expected meter_no,cycle,token,units)`);
      }
      read += 1;
      if (!/^[0-9]{4,20}$/.test((record.meter_no ?? '').trim())) {
        reject(info.lines, 'bad_meter_no: digits only', record);
        continue;
      }
      batch.push({ line: info.lines, record, reason: check(record) });
      if (batch.length >= BATCH) {
        const full = batch;
        batch = [];
        await flush(full);
      }
    }
  } catch (e) {
    if (e instanceof CodeFileError) throw e;
    // Only the parser's failures are the file's fault; a store fault while flushing is reported as itself.
    if (e instanceof CsvError || (e as { code?: string }).code?.startsWith('CSV_')) throw new CodeFileError(`${file} is not a readable CSV file: ${(e as Error).message}`);
    throw e;
  }
  await flush(batch);
  const rejectsFile = `${file}.rejects.csv`;
  rejects.sort((a, b) => a[0] - b[0]);
  if (rejects.length) writeFileSync(rejectsFile, csvRecord(['line', 'reason', ...REQUIRED]) + rejects.map((r) => r[1]).join(''));
  else if (existsSync(rejectsFile)) unlinkSync(rejectsFile);
  return { read, added, rejected: rejects.length, rejectsFile: rejects.length ? rejectsFile : null };
}

/** The checks that need no store; the meter number's form is checked before, its being a prepaid meter at flush. */
function check(r: Record<string, string>): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$/.test((r.cycle ?? '').trim())) return 'bad_cycle: letters, digits and dashes';
  if (!/^[0-9]{20}$/.test((r.token ?? '').trim())) return 'bad_token: a token is 20 digits';
  if (unitsToTenths(r.units ?? '') === null) return 'bad_units: a positive number with at most one decimal';
  return null;
}
