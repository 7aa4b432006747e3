/** @module Credits of a cycle as CSV for the billing system (postpaid accounts by default). Tokens are never exported. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ClaimReader } from '../store/contract.js';
import { csvRecord } from '../lib/csv.js';

export const EXPORT_COLUMNS = ['claim_id', 'contract_no', 'meter_no', 'service', 'metering', 'programme_id', 'cycle',
  'fcfa', 'units', 'unit', 'channel', 'issued_at'] as const;

/** Streams the store's paged read to the file: bounded memory whatever the cycle's size, on either engine. */
export async function exportCredits(claims: Pick<ClaimReader, 'exportCredits'>, opts: { cycle: string; out: string; all: boolean }): Promise<number> {
  const out = createWriteStream(opts.out);
  // An unwritable path fails here, as one error, rather than as an 'error' event nobody listens to.
  await once(out, 'open');
  out.write(csvRecord(EXPORT_COLUMNS));
  let n = 0;
  let chunk = '';
  for await (const r of claims.exportCredits(opts.cycle, { all: opts.all })) {
    // Every text cell through the one writer (an imported contract number may start with `=`); amounts are numbers.
    chunk += csvRecord([r.claim_id, r.contract_no, r.meter_no, r.service, r.metering, r.programme_id, r.cycle,
      r.fcfa, (r.units_tenths / 10).toFixed(1), r.unit, r.channel, r.issued_at]);
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
