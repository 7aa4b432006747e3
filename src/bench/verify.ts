/** @module After a run, with the node stopped: the journal verifies, and the store holds each claimed credit exactly once. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { run } from './processes.js';
import { benchEnv } from './registry.js';
import { ROOT, type Runner } from './runner.js';

export interface StoreCheck {
  /** `guichet journal verify` exit 0. */
  journalOk: boolean;
  /** Its last line: entry count and head hash, or the first bad entry. */
  journalMessage: string;
  journalEntries: number;
  /** Credits of the benchmarked programme and cycle. */
  credits: number;
  /** Distinct subscribers among them: equal to `credits` when nothing was issued twice. */
  distinctSubscribers: number;
  /** Retained meters with no credit (expected in a throughput run, which claims only part of the list). */
  missing: number;
  /** Credits to a meter the programme does not retain: always a bug. */
  unexpected: number;
}

export async function checkStore(runner: Runner, dataDir: string, retained: readonly string[], programme: string, cycle: string): Promise<StoreCheck> {
  const j = await run(process.execPath, runner.guichet(['journal', 'verify', '--data-dir', dataDir]), { cwd: ROOT, env: benchEnv() });
  const lines = `${j.stdout}\n${j.stderr}`.trim().split('\n').filter((l) => l.trim() !== '');
  // Read-only, by SQL, independently of the code under test.
  const db = new Database(join(dataDir, 'guichet.db'), { readonly: true, fileMustExist: true });
  try {
    const q = db.prepare<[string, string], { n: number; d: number }>(
      'SELECT count(*) AS n, count(DISTINCT subscriber_id) AS d FROM credits WHERE programme_id = ? AND cycle = ?');
    const { n, d } = q.get(programme, cycle)!;
    const issued = new Set(db.prepare<[string, string], string>('SELECT meter_no FROM credits WHERE programme_id = ? AND cycle = ?').pluck().all(programme, cycle));
    const wanted = new Set(retained);
    let missing = 0;
    for (const m of wanted) if (!issued.has(m)) missing++;
    let unexpected = 0;
    for (const m of issued) if (!wanted.has(m)) unexpected++;
    const entries = db.prepare<[], number>('SELECT count(*) FROM journal').pluck().get() ?? 0;
    return {
      journalOk: j.code === 0, journalMessage: lines[lines.length - 1] ?? `exit ${j.code}`, journalEntries: entries,
      credits: n, distinctSubscribers: d, missing, unexpected,
    };
  } finally {
    db.close();
  }
}
