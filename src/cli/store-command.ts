/** @module `guichet store copy`: moves a whole store (SQLite to PostgreSQL, or any other way round) and proves the copy. */
import cliProgress from 'cli-progress';
import { resolve } from 'node:path';
import { parse, runCommand, UsageError } from './args.js';
import { openStore } from '../store/open.js';
import { sqlitePath, type StoreConfig } from '../config/config.js';
import { verifyJournalAsync } from '../journal/verify.js';
import { copyStore, CopyNotVerified, CopyRefused, type CopySource, type CopyTarget } from '../store/copy/copy.js';
import { count, int } from '../lib/words.js';

export const COPY_USAGE = 'store copy (--from-data-dir DIR | --from-database-url URL) (--to-database-url URL | --to-data-dir DIR) [--replace] [--batch N]';

const HELP = `usage: guichet ${COPY_USAGE}

Copies every table of a store into another: subscribers, programmes, settings (demo flag and demo vending key
included), the prepaid code pool, credits, and the issuance journal exactly as stored (same entries, same hashes,
same order). Everything is written in one transaction, which commits only after checking, inside it, that every
table holds the source's rows (count, and a digest of their content), that the copied journal verifies and that
its head hash is the source's.
Then \`journal verify\` runs on the committed copy.

The source is read from one snapshot: a node may still be running on it, but what it issues after the copy starts
is not copied. Stop the nodes (or copy from a backup) when moving for good.

  --replace   erase a target that already holds data (without it, a non-empty target is refused)
  --batch N   rows per statement (default 5000)

Exit 0: copied and verified. 1: the copy did not verify (nothing was written) or a database failed. 2: bad flags,
a missing source or a non-empty target.`;

const OPTIONS = {
  'from-data-dir': { type: 'string' },
  'from-database-url': { type: 'string' },
  'to-data-dir': { type: 'string' },
  'to-database-url': { type: 'string' },
  replace: { type: 'boolean' },
  batch: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function side(values: Record<string, unknown>, side: 'from' | 'to'): StoreConfig {
  const dir = values[`${side}-data-dir`] as string | undefined;
  const url = values[`${side}-database-url`] as string | undefined;
  if ((dir === undefined) === (url === undefined)) {
    throw new UsageError(`give one ${side === 'from' ? 'source' : 'target'}: --${side}-data-dir DIR or --${side}-database-url URL.`);
  }
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`--${side}-database-url must be a postgres:// or postgresql:// URL.`);
  return { dataDir: resolve(dir ?? '.'), databaseUrl: url ?? null };
}

async function openSource(c: StoreConfig): Promise<CopySource> {
  if (c.databaseUrl === null) return (await import('../store/copy/sqlite-side.js')).SqliteCopySource.open(sqlitePath(c));
  return (await import('../store/copy/pg-side.js')).PgCopySource.open(c.databaseUrl);
}

async function openTarget(c: StoreConfig): Promise<CopyTarget> {
  if (c.databaseUrl === null) return (await import('../store/copy/sqlite-side.js')).SqliteCopyTarget.open(sqlitePath(c));
  return (await import('../store/copy/pg-side.js')).PgCopyTarget.open(c.databaseUrl);
}

/** A bar on a terminal; a pipe or a log file gets the summary lines alone. */
function progressBar(): { update: (table: string, done: number, total: number) => void; stop: () => void } | null {
  if (process.stderr.isTTY !== true) return null;
  const bar = new cliProgress.SingleBar({
    stream: process.stderr, format: 'copy |{bar}| {percentage}% | {value}/{total} rows | {table} | {eta_formatted} left',
    hideCursor: true, clearOnComplete: true, fps: 5,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update: (table, done, total) => {
      if (!started) bar.start(total, 0, { table });
      started = true;
      bar.update(done, { table });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export function storeCommand(argv: string[]): Promise<number> {
  return runCommand('store', COPY_USAGE, async () => {
    const { values, positionals } = parse(argv, OPTIONS);
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals[0] !== 'copy') throw new UsageError('the only store command is `store copy` (for a backup: `guichet backup`).');
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}".`);
    const from = side(values, 'from');
    const to = side(values, 'to');
    if (from.databaseUrl === null ? to.databaseUrl === null && from.dataDir === to.dataDir : from.databaseUrl === to.databaseUrl) {
      throw new UsageError('the source and the target are the same store.');
    }
    const batch = values.batch === undefined ? 5000 : Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new UsageError('--batch must be a whole number from 1 to 100000.');

    let src: CopySource;
    try {
      src = await openSource(from);
    } catch (e) {
      if (e instanceof CopyRefused) return refused(e);
      throw e;
    }
    let dst: CopyTarget | undefined;
    const bar = progressBar();
    try {
      dst = await openTarget(to);
      console.log(`copying ${src.location} (${src.engine}) to ${dst.location} (${dst.engine})`);
      const r = await copyStore(src, dst, { replace: values.replace === true, batch, progress: bar?.update });
      bar?.stop();
      console.log(`copied ${count(r.rows, 'row')} in ${r.copySeconds.toFixed(1)} s (${int(r.rows / Math.max(r.copySeconds, 1e-3))} rows/s): ` +
        r.tables.map((t) => `${t.name} ${int(t.rows)}`).join(', ') + (r.demoKey ? '; demo vending key carried over' : ''));
      console.log(`verified before commit in ${r.verifySeconds.toFixed(1)} s: every table's rows equal (count and content), journal intact, head ${r.head.hash} (entry ${r.head.seq}) as in the source`);
      await dst.close();
      dst = undefined;
      return await verifyCommitted(to, r.head);
    } catch (e) {
      bar?.stop();
      if (e instanceof CopyRefused) return refused(e);
      if (e instanceof CopyNotVerified) {
        console.error(`guichet store: copy NOT verified, nothing written to the target: ${e.message}`);
        return 1;
      }
      const { isConnectionFault } = await import('../store/postgres/pool.js');
      if (isConnectionFault(e)) {
        console.error(`guichet store: lost the connection to PostgreSQL during the copy (${(e as Error).message}): nothing was written (the copy is one transaction); try again`);
        return 1;
      }
      throw e;
    } finally {
      await dst?.close().catch(() => {});
      await src.close().catch(() => {});
    }
  });
}

function refused(e: Error): number {
  console.error(`guichet store: ${e.message}`);
  return 2;
}

/** The committed copy, opened as any node or command opens it, through the same check as `guichet journal verify`. */
async function verifyCommitted(to: StoreConfig, head: { seq: number; hash: string }): Promise<number> {
  const store = await openStore(to, { purpose: 'command', mustExist: true });
  try {
    const r = await store.claims.readJournal((v) => verifyJournalAsync(v.entries(), v.credits()));
    if (r.ok && r.head === head.hash && r.entries === head.seq) {
      console.log(`journal verify on the copy: intact, ${count(r.entries, 'entry', 'entries', { plain: true })}, head ${r.head}`);
      return 0;
    }
    console.error(`guichet store: the committed copy does not verify: ${r.ok ? `head ${r.head} (entry ${r.entries}), expected ${head.hash}` : `entry ${r.seq}: ${r.problem}`}`);
    return 1;
  } finally {
    await store.close();
  }
}
