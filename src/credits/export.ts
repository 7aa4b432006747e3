/** @module Credits of a cycle as CSV for the billing system (postpaid accounts by default). Tokens are never exported. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ClaimReader } from '../store/contract.js';

export const EXPORT_COLUMNS = ['claim_id', 'contract_no', 'meter_no', 'service', 'metering', 'programme_id', 'cycle',
  'fcfa', 'units', 'unit', 'channel', 'issued_at'] as const;

/** Streams the store's paged read to the file: bounded memory whatever the cycle's size, on either engine. */
export async function exportCredits(claims: Pick<ClaimReader, 'exportCredits'>, opts: { cycle: string; out: string; all: boolean }): Promise<number> {
  const out = createWriteStream(opts.out);
  // An unwritable path fails here, as one error, rather than as an 'error' event nobody listens to.
  await once(out, 'open');
  out.write(EXPORT_COLUMNS.join(',') + '\n');
  let n = 0;
  let chunk = '';
  for await (const r of claims.exportCredits(opts.cycle, { all: opts.all })) {
    chunk += `${r.claim_id},${cell(r.contract_no)},${cell(r.meter_no)},${r.service},${r.metering},${cell(r.programme_id)},${cell(r.cycle)},` +
      `${r.fcfa},${(r.units_tenths / 10).toFixed(1)},${r.unit},${r.channel},${r.issued_at}\n`;
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
