/** @module Reading a programme file for `guichet programme validate|load`: a programme, or what `programme show --json` printed. */
import { readFileSync, statSync } from 'node:fs';
import type { Programme } from '../domain/programme.js';
import { parseProgramme } from '../programmes/schema.js';
import { count } from '../lib/words.js';

/** A programme file is a few KB; anything this large is a mistake, not a programme. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Something the operator can fix: one line (plus the problems), exit 2, never a stack trace. */
export class Refused extends Error {
  constructor(message: string, readonly problems: string[] = [], readonly showUsage = false) {
    super(message);
  }
}

/**
 * The programmes a file holds, each checked, every problem listed at once so one edit fixes them all. The file is
 * a programme (what an operator writes), or the output of `guichet programme show --json` (a list of
 * `{source, loaded_at, programme}`, or one of them): what one command prints, the other takes back.
 */
export function readProgrammes(file: string): Programme[] {
  const json = readJson(file);
  const items = Array.isArray(json) ? json : [json];
  if (items.length === 0) throw new Refused(`${file} refused: an empty list, no programme in it`);
  const out: Programme[] = [];
  const problems: string[] = [];
  items.forEach((item, i) => {
    const shown = isShown(item);
    const r = parseProgramme(shown ? item.programme : item);
    const at = Array.isArray(json) ? `$[${i}]${shown ? '.programme' : ''}` : shown ? '$.programme' : '$';
    if (r.ok) out.push(r.programme);
    else problems.push(...r.problems.map((p) => (at === '$' ? p : p.replace(/^\$/, at))));
  });
  if (problems.length) throw new Refused(`${file} refused, ${count(problems.length, 'problem')}:`, problems);
  return out;
}

/** An entry of `programme show --json`: the programme and where it came from. */
function isShown(v: unknown): v is { programme: unknown } {
  return typeof v === 'object' && v !== null && 'programme' in v && 'source' in v;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) throw new Refused(`${file} is larger than ${MAX_FILE_BYTES} bytes: not a programme file`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof Refused) throw e;
    throw new Refused(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')); // editors on Windows add a BOM
  } catch (e) {
    throw new Refused(`${file} refused: it is not valid JSON`, [`$: ${(e as Error).message}`]);
  }
}
