/** @module Online backup of the embedded store: one consistent snapshot of a live WAL file, written aside, then proven before it is kept. */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verifyJournal, type VerifyResult } from '../../journal/verify.js';
import { SqliteClaimRepo } from './claims.js';

export interface BackupReport {
  file: string;
  bytes: number;
  seconds: number;
  subscribers: number;
  credits: number;
  journal: VerifyResult;
  integrity: string;
  /** Where the demo vending key was copied, when the store has one (a demo store). */
  demoKeyFile: string | null;
}

/** Something the operator can fix (no store there, file already exists): one line, exit 2. */
export class BackupRefused extends Error {}

/** The backup was written but does not check out; it was deleted. Exit 1. */
export class BackupNotVerified extends Error {}

const DEMO_KEY_FILE = 'demo-vending-key';

/**
 * Copies the store file while a node may be committing to it. SQLite's backup API in one step: the whole copy is
 * read inside one read transaction, so it is the store as of one commit (in WAL mode the writer is not blocked, it
 * only appends to the WAL meanwhile). Copied in small steps instead, each commit of the running node would restart
 * the backup from the first page, and under load it would never finish.
 *
 * Written to `FILE.partial` and renamed only once `integrity_check` says ok and the journal verifies: a file named
 * FILE is always a good backup. Its journal mode is set back to DELETE, so FILE alone is the whole store (no -wal).
 */
export async function backupSqlite(dbPath: string, out: string): Promise<BackupReport> {
  if (!existsSync(dbPath)) throw new BackupRefused(`no store at ${dbPath}: give the folder that holds guichet.db`);
  if (existsSync(out)) throw new BackupRefused(`${out} already exists: choose a new file name (a backup never overwrites one)`);
  if (!existsSync(dirname(out))) throw new BackupRefused(`the folder ${dirname(out)} does not exist`);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const t0 = performance.now();
  // Read-only: the backup can never write to the live store. The busy timeout covers a writer's checkpoint.
  const src = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    await src.backup(partial, { progress: () => 0x7fffffff });
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    src.close();
  }

  let kept = false;
  try {
    const copy = new Database(partial, { fileMustExist: true });
    let report: Omit<BackupReport, 'file' | 'bytes' | 'seconds' | 'demoKeyFile'>;
    try {
      copy.pragma('journal_mode = DELETE');
      const integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
      const repo = new SqliteClaimRepo(copy);
      const journal = verifyJournal(repo.journalEntries(), repo.storedCredits());
      report = {
        subscribers: copy.prepare('SELECT count(*) FROM subscribers').pluck().get() as number,
        credits: copy.prepare('SELECT count(*) FROM credits').pluck().get() as number,
        journal, integrity,
      };
    } finally {
      copy.close();
    }
    if (report.integrity !== 'ok') throw new BackupNotVerified(`the copy fails SQLite's integrity check: ${report.integrity.slice(0, 300)}`);
    if (!report.journal.ok) {
      const j = report.journal;
      throw new BackupNotVerified(`the copy's journal fails at entry ${j.seq ?? '-'}: ${j.problem} (the live store's journal says the same: run \`guichet journal verify\`)`);
    }
    renameSync(partial, out);
    kept = true;
    // A demo store's vending key lives beside the database, not in it: keep it with the backup, or restored demo
    // tokens would no longer decode on the same virtual meter. (A real key comes from the environment, never the store.)
    const key = join(dirname(dbPath), DEMO_KEY_FILE);
    let demoKeyFile: string | null = null;
    if (existsSync(key)) {
      demoKeyFile = `${out}.${DEMO_KEY_FILE}`;
      copyFileSync(key, demoKeyFile);
    }
    return { ...report, file: out, bytes: statSync(out).size, seconds: (performance.now() - t0) / 1000, demoKeyFile };
  } finally {
    if (!kept) rmSync(partial, { force: true });
  }
}
