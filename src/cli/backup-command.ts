/** @module `guichet backup`: an online, verified backup of the embedded store; PostgreSQL is pointed to pg_dump. */
import { resolve } from 'node:path';
import { STORE_OPTIONS, chosenStore, parse, runCommand, UsageError } from './args.js';
import { sqlitePath } from '../config/config.js';
import { BackupNotVerified, BackupRefused, backupSqlite } from '../store/sqlite/backup.js';
import { count } from '../lib/words.js';

export const BACKUP_USAGE = 'backup [--data-dir DIR] --out FILE';

const HELP = `usage: guichet ${BACKUP_USAGE}

Writes a consistent copy of the embedded store (DIR/guichet.db) to FILE while a node may keep serving: the store as
of one commit, nothing half-written. The copy is checked before it is kept (SQLite's integrity_check, then the
journal verified as \`guichet journal verify\` does); a copy that fails is deleted. A demo store's vending key is
copied to FILE.demo-vending-key.

To restore: stop the node, put FILE in place as DIR/guichet.db (remove any guichet.db-wal and guichet.db-shm
left there), then \`guichet journal verify --data-dir DIR\`.

A PostgreSQL store is backed up with PostgreSQL's own tools: pg_dump --format=custom (docs/deployment.md).`;

export function backupCommand(argv: string[]): Promise<number> {
  return runCommand('backup', BACKUP_USAGE, async () => {
    const { values, positionals } = parse(argv, { ...STORE_OPTIONS, out: { type: 'string' } });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".`);
    const c = chosenStore(values);
    if (c.databaseUrl !== null) {
      console.error('guichet backup: this command backs up the embedded store (SQLite); for PostgreSQL use pg_dump, e.g.\n' +
        '  pg_dump --format=custom --file=guichet-$(date +%F).dump "$DATABASE_URL"\n' +
        'then restore with pg_restore into an empty database and run `guichet journal verify --database-url URL` (docs/deployment.md).');
      return 2;
    }
    if (!values.out) throw new UsageError('--out FILE is required.');
    try {
      const r = await backupSqlite(sqlitePath(c), resolve(values.out));
      const j = r.journal.ok ? r.journal : null;
      console.log(`backup ${r.file}: ${(r.bytes / 1e6).toFixed(1)} MB, ${count(r.subscribers, 'subscriber')}, ${count(r.credits, 'credit')}, ` +
        `integrity ok, journal intact (${count(j?.entries ?? 0, 'entry', 'entries', { plain: true })}, head ${j?.head}), ${r.seconds.toFixed(1)} s`);
      if (r.demoKeyFile) console.log(`demo vending key copied to ${r.demoKeyFile}: restore it beside guichet.db as demo-vending-key`);
      return 0;
    } catch (e) {
      if (e instanceof BackupRefused) {
        console.error(`guichet backup: ${e.message}`);
        return 2;
      }
      if (e instanceof BackupNotVerified) {
        console.error(`guichet backup: backup NOT kept: ${e.message}`);
        return 1;
      }
      throw e;
    }
  });
}
