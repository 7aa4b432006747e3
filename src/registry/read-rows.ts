/** @module Reading a registry CSV: parse, count physical lines, validate, refuse duplicates, hand valid rows on in batches. */
import { createReadStream } from 'node:fs';
import { parse, type Parser } from 'csv-parse';
import { unneutralise } from '../lib/csv.js';
import { RegistryFileError } from './errors.js';
import { RejectsWriter } from './rejects.js';
import { joinPacked, packRow } from './row-codec.js';
import { readHeader, type Header } from './source.js';
import { formatReasons, validateRecord } from './validate.js';

/** 64 KB: a registry row is a few hundred bytes; a quote left open must not swallow the file into memory. */
export const MAX_RECORD_BYTES = 64 * 1024;

/** What the store refused in a batch: index into the batch and reason. */
export type StoreRejects = { index: number; reason: string }[];

export interface ReaderOptions {
  batchSize: number;
  rejectsPath: string;
  /** Called now and then with the bytes read so far and the rows read so far. */
  progress?: (bytes: number, read: number) => void;
}

export interface ReadResult {
  read: number;
  rejected: number;
  rejectsFile: string | null;
}

/** A batch handed on and not yet answered: kept so a row the store refuses is written with its line and fields. */
interface InFlight {
  verdict: Promise<StoreRejects>;
  lines: number[];
  originals: Original[];
}

/**
 * A valid row's fields as read, kept until the store has answered for its batch. One joined string rather than
 * the array: thousands of rows are alive across every minor GC, and copying one string each is what keeps the
 * reader's GC time small. An extra column holding the separator keeps its array (validated columns cannot).
 */
type Original = string | string[];
const SEP = '\u001f';
const keep = (fields: string[]): Original => (fields.some((f) => f.includes(SEP)) ? fields : fields.join(SEP));
const restore = (o: Original): string[] => (typeof o === 'string' ? o.split(SEP) : o);

/**
 * Reads `file` (already checked by checkRegistryFile) and calls `send` with each batch of valid rows, packed by
 * row-codec (the consumer unpacks them, on this thread or another). `send` resolves with the rows the store
 * refused; up to two batches are in flight, so the next batch is parsed while the store writes the previous one.
 * Rejects are written as found (a store refusal lands when its batch is answered, so lines are not in order).
 * Throws RegistryFileError when the file cannot be read as a registry.
 */
export async function readRegistryRows(
  file: string, opts: ReaderOptions, send: (packed: string) => Promise<StoreRejects>,
): Promise<ReadResult> {
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  let brokenAfter = -1;
  /** Why the CSV broke, told in the file's terms: a quote never closed is not the same fix as an oversized field. */
  let breakKind: 'unclosed' | 'unclosed_long' | 'too_long' | 'other' = 'other';
  let breakDetail = '';
  const parser: Parser = parse({
    bom: true,
    // Rows with a wrong field count are refused one by one (bad_field_count), not as a parse failure.
    relax_column_count: true,
    // A stray quote inside a field (`Bar "Le Palmier"` unquoted) is kept as text, as spreadsheets do, instead
    // of derailing the parser for the rest of the file; the value then meets validation like any other.
    relax_quotes: true,
    record_delimiter: ['\r\n', '\n'],
    max_record_size: MAX_RECORD_BYTES,
    // A parse error must not destroy the stream: rows parsed before it, still buffered, would be lost with it.
    // Noted instead, with how many records came before; reading stops there (nothing after can be trusted).
    skip_records_with_error: true,
    on_skip: (err) => {
      if (brokenAfter >= 0) return;
      brokenAfter = parser.info.records;
      const code = (err as { code?: string } | undefined)?.code;
      // The parser's own state says whether it was inside quotes when the row passed the limit.
      const quoting = (parser as unknown as { state: { quoting: boolean } }).state.quoting;
      breakKind = code === 'CSV_QUOTE_NOT_CLOSED' ? 'unclosed' : code === 'CSV_MAX_RECORD_SIZE' ? (quoting ? 'unclosed_long' : 'too_long') : 'other';
      breakDetail = err?.message ?? '';
    },
  });
  input.once('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let bytes = 0;
  input.on('data', (chunk) => (bytes += chunk.length));

  let read = 0;
  let header: Header | undefined;
  let rejects: RejectsWriter | undefined;
  const seenContract = new Map<string, number>();
  const seenMeter = new Map<string, number>();
  let batch = newBatch();
  const inFlight: InFlight[] = [];
  /** Physical line where the next record starts: counted here because quoted fields may hold line breaks. */
  let line = 1;

  const settle = async (f: InFlight): Promise<void> => {
    for (const r of await f.verdict) await rejects!.add(f.lines[r.index], r.reason, restore(f.originals[r.index]));
  };
  const flush = async (): Promise<void> => {
    if (batch.rows.length > 0) {
      const verdict = send(joinPacked(batch.rows));
      // Marked handled now: a store failure surfaces when this batch is settled, not as an unhandled rejection.
      verdict.catch(() => undefined);
      inFlight.push({ verdict, lines: batch.lines, originals: batch.originals });
      batch = newBatch();
    }
    opts.progress?.(bytes, read);
    while (inFlight.length > 1) await settle(inFlight.shift()!);
  };
  const drain = async (): Promise<void> => {
    await flush();
    while (inFlight.length > 0) await settle(inFlight.shift()!);
  };

  try {
    try {
      let records = 0;
      for await (const fields of parser as AsyncIterable<string[]>) {
        if (brokenAfter >= 0 && records >= brokenAfter) break;
        records++;
        const at = line;
        line += 1 + newlines(fields);
        if (header === undefined) {
          header = readHeader(file, fields);
          rejects = new RejectsWriter(opts.rejectsPath, header.names);
          continue;
        }
        if (isBlank(fields)) continue;
        if ((++read & 4095) === 0) opts.progress?.(bytes, read);
        const reason = check(fields, header, at, seenContract, seenMeter, batch);
        if (reason !== null) await rejects!.add(at, reason, fields);
        else if (batch.rows.length >= opts.batchSize) await flush();
      }
    } catch (e) {
      if (e instanceof RegistryFileError) throw e;
      throw unreadable(file, e);
    }
    if (brokenAfter >= 0) {
      if (header === undefined) throw new RegistryFileError('not_csv', `${file}: line 1 is not CSV`);
      // The CSV breaks here (a quote never closed): nothing after this line can be trusted. What came before is
      // kept, so the operator fixes the file and imports again (upserts make that harmless).
      await drain();
      const rejected = rejects!.count;
      const what = breakProblem(breakKind, breakDetail);
      await rejects!.add(line, `malformed_csv: ${what}; rows from here on were not read`, []);
      await rejects!.finish();
      throw new RegistryFileError('malformed_csv', `${file}: stopped at line ${line}: ${what}`,
        { line, problem: what, read, added: 0, updated: 0, unchanged: 0, rejected });
    }
    if (header === undefined) throw new RegistryFileError('bad_header', `${file}: no header row`);
    await drain();
    return { read, rejected: rejects!.count, rejectsFile: await rejects!.finish() };
  } catch (e) {
    // Let answers still in flight arrive before the rejects file goes, so no write lands after it.
    await Promise.allSettled(inFlight.map((f) => f.verdict));
    if (!(e instanceof RegistryFileError && e.code === 'malformed_csv')) await rejects?.abandon();
    throw e;
  } finally {
    input.destroy();
  }
}

/** The break in the file's terms, so the operator knows what to look for on that line. */
function breakProblem(kind: 'unclosed' | 'unclosed_long' | 'too_long' | 'other', detail: string): string {
  const kb = MAX_RECORD_BYTES / 1024;
  switch (kind) {
    case 'unclosed': return 'a quoted field opens there and is never closed (a " missing at its end?)';
    case 'unclosed_long': return `a quoted field opens there and is not closed within ${kb} KB (a " missing at its end?)`;
    case 'too_long': return `the row there is longer than ${kb} KB, with no quote open: a field far too long (a registry row is a few hundred bytes)`;
    default: return `the CSV breaks there (${detail})`;
  }
}

interface Batch {
  /** packRow() of each valid row. */
  rows: string[];
  lines: number[];
  originals: Original[];
}

const newBatch = (): Batch => ({ rows: [], lines: [], originals: [] });

/**
 * Validates one data row and queues it, or returns why it is refused. Every row's contract and meter numbers are
 * remembered, refused rows' included: a later row reusing them is ambiguous and is refused too, naming the line.
 */
function check(
  fields: string[], header: Header, line: number,
  seenContract: Map<string, number>, seenMeter: Map<string, number>, batch: Batch,
): string | null {
  if (fields.length !== header.names.length) {
    return `bad_field_count: expected ${header.names.length} fields as in the header, found ${fields.length}`;
  }
  const x = header.index;
  // One object literal: a fixed shape is several times cheaper than filling `{}` key by key, 400k times.
  // A rejects file fixed and imported again holds its cells as lib/csv.ts wrote them: `'+241...` is `+241...`.
  const u = unneutralise;
  const record = {
    contract_no: u(fields[x.contract_no]), meter_no: u(fields[x.meter_no]), service: u(fields[x.service]),
    metering: u(fields[x.metering]), tariff: u(fields[x.tariff]), power_kw: u(fields[x.power_kw]),
    avg_monthly_use: u(fields[x.avg_monthly_use]), category: u(fields[x.category]), holder_name: u(fields[x.holder_name]),
    agency: u(fields[x.agency]), district: u(fields[x.district]), phone: u(fields[x.phone]), sts_iin: u(fields[x.sts_iin]),
    sts_sgc: u(fields[x.sts_sgc]), sts_ti: u(fields[x.sts_ti]), sts_krn: u(fields[x.sts_krn]), sts_kt: u(fields[x.sts_kt]),
    sts_base_date: u(fields[x.sts_base_date]),
  };
  const v = validateRecord(record);
  let reason = v.ok ? '' : formatReasons(v.reasons);
  const contract = v.ok ? v.subscriber.contract_no : record.contract_no.trim().toUpperCase();
  const meter = v.ok ? v.subscriber.meter_no : record.meter_no.trim();
  const firstContract = contract === '' ? undefined : seenContract.get(contract);
  const firstMeter = meter === '' ? undefined : seenMeter.get(meter);
  if (firstContract !== undefined) reason += `${reason ? '; ' : ''}duplicate_contract_no: contract_no ${contract} already on line ${firstContract}`;
  else if (contract !== '') seenContract.set(contract, line);
  if (firstMeter !== undefined) reason += `${reason ? '; ' : ''}duplicate_meter_no: meter_no ${meter} already on line ${firstMeter}`;
  else if (meter !== '') seenMeter.set(meter, line);
  if (reason !== '' || !v.ok) return reason;
  batch.rows.push(packRow(v.subscriber));
  batch.lines.push(line);
  batch.originals.push(keep(fields));
  return null;
}

function newlines(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

/** A blank line, or one holding only separators and spaces (spreadsheets leave those at the end). */
function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}

/** An I/O error while streaming (the disk, a file truncated under us) becomes a typed error; other bugs pass. */
function unreadable(file: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException | undefined;
  if (typeof err?.syscall !== 'string') return e;
  return new RegistryFileError('unreadable', `${file} cannot be read (${err.code ?? err.message})`);
}
