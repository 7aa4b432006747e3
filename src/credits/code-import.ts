/** @module `guichet codes import`: loads pre-generated prepaid codes (meter_no, cycle, token, units), row by row, with rejects. */
import { createReadStream, existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse';
import type { SqliteDb } from '../store/sqlite/open.js';

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

export async function importCodes(db: SqliteDb, file: string): Promise<CodeImportSummary> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CodeFileError(`cannot read ${file}: no such file`);
  const meterKnown = db.prepare('SELECT 1 FROM subscribers WHERE meter_no = ? AND metering = ?').pluck();
  const insert = db.prepare(`INSERT INTO code_pool (meter_no, cycle, token, units_tenths, imported_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (token) DO NOTHING`);
  const rejects: string[] = [];
  let read = 0;
  let added = 0;
  const now = new Date().toISOString();
  const parser = createReadStream(file).pipe(parse({ bom: true, columns: true, skip_empty_lines: true, info: true, relax_column_count: true }));
  let batch: [string, string, string, number][] = [];
  const flush = db.transaction((rows: [string, string, string, number][]) => {
    for (const r of rows) added += insert.run(r[0], r[1], r[2], r[3], now).changes;
  });
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (read === 0) {
        const missing = REQUIRED.filter((c) => !(c in record));
        if (missing.length) throw new CodeFileError(`${file}: missing column(s) ${missing.join(', ')} (expected meter_no,cycle,token,units)`);
      }
      read += 1;
      const reason = check(record, (m) => meterKnown.get(m, 'prepaid') === 1);
      if (reason) {
        rejects.push(`${info.lines},${csvCell(reason)},${REQUIRED.map((c) => csvCell(record[c] ?? '')).join(',')}`);
        continue;
      }
      batch.push([record.meter_no.trim(), record.cycle.trim(), record.token.trim(), unitsToTenths(record.units)!]);
      if (batch.length >= 5000) {
        flush(batch);
        batch = [];
      }
    }
  } catch (e) {
    if (e instanceof CodeFileError) throw e;
    throw new CodeFileError(`${file} is not a readable CSV file: ${(e as Error).message}`);
  }
  flush(batch);
  const rejectsFile = `${file}.rejects.csv`;
  if (rejects.length) writeFileSync(rejectsFile, `line,reason,${REQUIRED.join(',')}\n${rejects.join('\n')}\n`);
  else if (existsSync(rejectsFile)) unlinkSync(rejectsFile);
  return { read, added, rejected: rejects.length, rejectsFile: rejects.length ? rejectsFile : null };
}

function check(r: Record<string, string>, isPrepaidMeter: (m: string) => boolean): string | null {
  const meter = (r.meter_no ?? '').trim();
  if (!/^[0-9]{4,20}$/.test(meter)) return 'bad_meter_no: digits only';
  if (!isPrepaidMeter(meter)) return `unknown_meter: ${meter} is not a prepaid meter of the registry`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$/.test((r.cycle ?? '').trim())) return 'bad_cycle: letters, digits and dashes';
  if (!/^[0-9]{20}$/.test((r.token ?? '').trim())) return 'bad_token: a token is 20 digits';
  if (unitsToTenths(r.units ?? '') === null) return 'bad_units: a positive number with at most one decimal';
  return null;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
