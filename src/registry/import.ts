/** @module Registry import: stream a CSV, validate every row, upsert the good ones in batches, write the rest to FILE.rejects.csv. */
import type { Subscriber } from '../domain/subscriber.js';
import { RegistryFileError, type BreakPartial } from './errors.js';
import { count, int } from '../lib/words.js';
import { readInWorker } from './import-thread.js';
import { openProgress } from './progress.js';
import { readRegistryRows, type StoreRejects } from './read-rows.js';
import { unpackRows } from './row-codec.js';
import type { SubscriberSink } from './sink.js';
import { checkRegistryFile } from './source.js';

/**
 * Reason codes the import adds to those of validate.ts: `bad_field_count` (not as many fields as the header),
 * `duplicate_contract_no` / `duplicate_meter_no` (seen on an earlier line of the same file), `malformed_csv`
 * (the CSV breaks: nothing after is read), and from the store `meter_conflict` (the meter belongs to another
 * stored contract) and `store_error`.
 */
export interface ImportOptions {
  /** Rows per store transaction. */
  batchSize?: number;
  /** Show a progress bar on stderr; default: only when stderr is a terminal. */
  progress?: boolean;
  /** Default `FILE.rejects.csv`. */
  rejectsPath?: string;
  /** Told the bytes and rows read so far as the import goes (the console's progress bar). */
  onProgress?: (bytes: number, rows: number) => void;
  /**
   * `worker` (default): parsing and validation run in a worker thread while this thread writes to the store, so
   * both cores work; `main`: all on this thread (no thread start-up, for small files and tests).
   */
  thread?: 'worker' | 'main';
}

export interface ImportSummary {
  file: string;
  /** Data rows read (blank lines not counted). */
  read: number;
  added: number;
  /** Rows of contracts already stored, with some value changed. */
  updated: number;
  /** Rows of contracts already stored exactly so (a re-import): nothing written. */
  unchanged: number;
  rejected: number;
  seconds: number;
  /** Path of the rejects file, or null when every row was taken. */
  rejectsFile: string | null;
}

/**
 * 20,000 rows per transaction: with random contract and meter numbers, each commit rewrites most index pages,
 * so fewer, larger commits write far less (a 400k-row import makes ~20 commits, not 80); a batch stays a few MB
 * and holds the write lock well under a second.
 */
export const DEFAULT_BATCH_SIZE = 20_000;

/**
 * Imports `file` into `sink`. Throws RegistryFileError when the file cannot be read as a registry: before any
 * write for a missing, binary or headerless file; for `malformed_csv`, after the rows before the break.
 */
export async function importRegistry(file: string, sink: SubscriberSink, opts: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const size = checkRegistryFile(file);
  const job = { file, batchSize: opts.batchSize ?? DEFAULT_BATCH_SIZE, rejectsPath: opts.rejectsPath ?? `${file}.rejects.csv` };
  const bar = openProgress(opts.progress ?? process.stderr.isTTY === true, size);
  const progress = (bytes: number, read: number): void => {
    bar.update(bytes, read);
    opts.onProgress?.(bytes, read);
  };
  const counts = { added: 0, updated: 0, unchanged: 0 };
  const store = async (rows: Subscriber[]): Promise<StoreRejects> => {
    const out = await sink.upsertBatch(rows);
    counts.added += out.added;
    counts.updated += out.updated;
    counts.unchanged += out.unchanged;
    return out.rejected;
  };
  try {
    const r = opts.thread === 'main'
      ? await readRegistryRows(file, { ...job, progress }, (packed) => store(unpackRows(packed)))
      : await readInWorker(job, store, progress);
    return { file, read: r.read, ...counts, rejected: r.rejected, seconds: (performance.now() - started) / 1000, rejectsFile: r.rejectsFile };
  } catch (e) {
    if (e instanceof RegistryFileError && e.code === 'malformed_csv' && e.partial) {
      const p = { ...e.partial, ...counts };
      throw new RegistryFileError('malformed_csv', brokenMessage(file, p, job.rejectsPath), p);
    }
    throw e;
  } finally {
    bar.stop();
  }
}

/**
 * What an import broken midway did, in full: where and why it stopped, what was committed before (those rows are
 * in the store: each batch is its own transaction), and that importing the fixed file again is safe.
 */
function brokenMessage(file: string, p: BreakPartial, rejectsPath: string): string {
  const imported = p.added + p.updated + p.unchanged;
  const before = p.read === 0 ? 'No data row came before it'
    : `The ${count(p.read, 'data row')} before it ${p.read === 1 ? 'was' : 'were'} read: ${int(imported)} imported (${int(p.added)} added, ${int(p.updated)} updated, ` +
      `${int(p.unchanged)} unchanged), ${int(p.rejected)} rejected (see ${rejectsPath})`;
  return `${file}: stopped at line ${int(p.line)}: ${p.problem}. ${before}; nothing from line ${int(p.line)} on was read. ` +
    'Fix the file and import it again: re-importing is safe (rows are upserted by contract_no).';
}

/** `read 465,084, added 465,084, updated 0, unchanged 0, rejected 0 in 6.1 s` and where the rejects are. */
export function formatSummary(s: ImportSummary): string {
  const main = `read ${int(s.read)}, added ${int(s.added)}, updated ${int(s.updated)}, unchanged ${int(s.unchanged)}, rejected ${int(s.rejected)} in ${s.seconds.toFixed(1)} s`;
  return s.rejectsFile ? `${main}; rejected rows with their line and reason: ${s.rejectsFile}` : main;
}
