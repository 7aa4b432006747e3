/**
 * @module Credits of a cycle as CSV for the billing system (postpaid accounts by default). Tokens are never exported.
 * `billing_grievance`: the ticket of an accepted "not on my bill" grievance about that credit, for the billing team.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ClaimReader } from '../store/contract.js';
import { csvRecord } from '../lib/csv.js';

export const EXPORT_COLUMNS = ['claim_id', 'contract_no', 'meter_no', 'service', 'metering', 'programme_id', 'cycle',
  'fcfa', 'units', 'unit', 'channel', 'issued_at', 'billing_grievance'] as const;

/**
 * The CSV in chunks of about 64 KB, header first: the file below and the console's download write the same bytes,
 * streaming the store's paged read (bounded memory whatever the cycle's size, on either engine). `count` is told
 * how many credits went out once the last chunk is given.
 */
export async function* creditCsv(claims: Pick<ClaimReader, 'exportCredits'>, opts: { cycle: string; all: boolean }, count?: (n: number) => void): AsyncGenerator<string> {
  let n = 0;
  let chunk = csvRecord(EXPORT_COLUMNS);
  for await (const r of claims.exportCredits(opts.cycle, { all: opts.all })) {
    // Every text cell through the one writer (an imported contract number may start with `=`); amounts are numbers.
    chunk += csvRecord([r.claim_id, r.contract_no, r.meter_no, r.service, r.metering, r.programme_id, r.cycle,
      r.fcfa, (r.units_tenths / 10).toFixed(1), r.unit, r.channel, r.issued_at, r.billing_grievance ?? '']);
    n += 1;
    if (chunk.length > 65536) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
  count?.(n);
}

/** Writes the CSV to a file; returns how many credits. */
export async function exportCredits(claims: Pick<ClaimReader, 'exportCredits'>, opts: { cycle: string; out: string; all: boolean }): Promise<number> {
  const out = createWriteStream(opts.out);
  // An unwritable path fails here, as one error, rather than as an 'error' event nobody listens to.
  await once(out, 'open');
  let n = 0;
  for await (const chunk of creditCsv(claims, opts, (c) => (n = c))) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
}
