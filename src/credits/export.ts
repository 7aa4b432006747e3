/** @module Credits of a cycle as CSV for the billing system (postpaid accounts by default). Tokens are never exported. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { SqliteDb } from '../store/sqlite/open.js';

export const EXPORT_COLUMNS = ['claim_id', 'contract_no', 'meter_no', 'service', 'metering', 'programme_id', 'cycle',
  'fcfa', 'units', 'unit', 'channel', 'issued_at'] as const;

export async function exportCredits(db: SqliteDb, opts: { cycle: string; out: string; all: boolean }): Promise<number> {
  const rows = db.prepare(`SELECT claim_id, contract_no, meter_no, service, metering, programme_id, cycle, fcfa,
    units_tenths, unit, channel, issued_at FROM credits WHERE cycle = ? ${opts.all ? '' : "AND metering = 'postpaid'"}
    ORDER BY journal_seq`).raw().iterate(opts.cycle) as Iterable<unknown[]>;
  const out = createWriteStream(opts.out);
  out.write(EXPORT_COLUMNS.join(',') + '\n');
  let n = 0;
  let chunk = '';
  for (const r of rows) {
    const units = (r[8] as number) / 10;
    chunk += `${r[0]},${cell(r[1])},${cell(r[2])},${r[3]},${r[4]},${cell(r[5])},${cell(r[6])},${r[7]},${units.toFixed(1)},${r[9]},${r[10]},${r[11]}\n`;
    n += 1;
    if (chunk.length > 65536) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return n;
}

function cell(v: unknown): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
