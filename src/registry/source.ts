/** @module Is this file a registry CSV at all? Checked before any row is imported, so a wrong file writes nothing. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { REGISTRY_COLUMNS } from '../domain/subscriber.js';
import { RegistryFileError } from './errors.js';

/** How much of the file is sniffed for binary content or a foreign encoding. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Checks that `file` is a readable, non-empty UTF-8 CSV file whose first line is a registry header; returns its
 * size in bytes. Throws RegistryFileError otherwise. Reads only the first 64 KB.
 */
export function checkRegistryFile(file: string): number {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new RegistryFileError('not_a_file', `${file} is not a file${st.isDirectory() ? ' (it is a directory)' : ''}`);
    size = st.size;
  } catch (e) {
    if (e instanceof RegistryFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new RegistryFileError('file_missing', `${file}: no such file`);
    throw new RegistryFileError('unreadable', `${file} cannot be read (${code ?? (e as Error).message})`);
  }
  if (size === 0) throw new RegistryFileError('not_csv', `${file} is empty: a registry CSV starts with its header row`);

  const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
  try {
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new RegistryFileError('unreadable', `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const problem = sniff(head, size <= SNIFF_BYTES);
  if (problem) throw new RegistryFileError('not_csv', `${file} is not a CSV text file: ${problem}`);
  readHeader(file, firstRecord(file, head));
  return size;
}

/** The header row, parsed with the options the import uses (only its bytes: what follows may be cut mid-row). */
function firstRecord(file: string, head: Buffer): string[] {
  let end = head.length;
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0x22) quoted = !quoted;
    else if (head[i] === 0x0a && !quoted) {
      end = i + 1;
      break;
    }
  }
  try {
    const [first] = parse(head.subarray(0, end), { bom: true, to: 1, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
    return first ?? [];
  } catch (e) {
    throw new RegistryFileError('not_csv', `${file}: line 1 is not a CSV header (${(e as Error).message})`);
  }
}

function sniff(head: Buffer, whole: boolean): string | null {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return 'it is a ZIP archive (an Excel workbook?); export it as "CSV UTF-8"';
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return 'it is UTF-16 text; save it as "CSV UTF-8"';
  }
  if (head.includes(0)) return 'it holds binary data';
  try {
    // `stream: true` lets the sniffed prefix end in the middle of a multi-byte character.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !whole });
  } catch {
    return 'it is not UTF-8 (a Windows or Latin-1 export?); save it as "CSV UTF-8"';
  }
  return null;
}

/** Where each registry column sits in the file's rows, and the header as written (for the rejects file). */
export interface Header {
  names: string[];
  index: Record<(typeof REGISTRY_COLUMNS)[number], number>;
}

/** Maps the header row; unknown columns are ignored, a missing or repeated registry column is refused. */
export function readHeader(file: string, fields: readonly string[]): Header {
  const names = fields.map((f) => f.trim().toLowerCase());
  const index = {} as Header['index'];
  const missing: string[] = [];
  const repeated: string[] = [];
  for (const col of REGISTRY_COLUMNS) {
    const at = names.indexOf(col);
    if (at < 0) missing.push(col);
    else if (names.indexOf(col, at + 1) >= 0) repeated.push(col);
    index[col] = at;
  }
  if (missing.length > 0 || repeated.length > 0) {
    const found = fields.slice(0, 6).map((f) => JSON.stringify(f.length > 30 ? `${f.slice(0, 30)}…` : f)).join(', ');
    const parts = [
      missing.length > 0 ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
      repeated.length > 0 ? `repeated column${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    throw new RegistryFileError(
      'bad_header',
      `${file}: line 1 is not a registry header: ${parts.join('; ')} (found ${found}${fields.length > 6 ? ', …' : ''})`,
    );
  }
  return { names: [...fields], index };
}
