/** @module A stored programme row read back, the same for every store engine: re-checked, never run if damaged. */
import type { Programme } from '../domain/programme.js';
import { parseProgramme } from '../programmes/schema.js';

export interface ProgrammeRow {
  id: string;
  body: string;
  loaded_at: string;
}

/** A row edited by hand behind our back is reported, not run. */
export function decodeProgrammeRow(row: ProgrammeRow): { programme: Programme; loaded_at: string } {
  let body: unknown;
  try {
    body = JSON.parse(row.body);
  } catch {
    throw new Error(`stored programme ${row.id} is not valid JSON`);
  }
  const r = parseProgramme(body);
  if (!r.ok) throw new Error(`stored programme ${row.id} is invalid:\n  ${r.problems.join('\n  ')}`);
  return { programme: r.programme, loaded_at: row.loaded_at };
}
