/** @module `guichet migrate`: brings a PostgreSQL schema up to date ahead of the nodes, and says which version it is at. */
import { sqlitePath } from '../config/config.js';
import { STORE_OPTIONS, chosenStore, parse, runCommand, UsageError } from './args.js';

const USAGE = 'migrate [--database-url URL]';
const HELP = `usage: guichet ${USAGE}

Runs the PostgreSQL store's migrations (each node also runs them when it starts; several at once are safe) and
prints the schema version. URL from --database-url, else DATABASE_URL. The embedded store (SQLite) migrates itself
whenever it is opened: there is nothing to run ahead for it.`;

export function migrateCommand(argv: string[]): Promise<number> {
  return runCommand('migrate', USAGE, async () => {
    const { values, positionals } = parse(argv, STORE_OPTIONS);
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const c = chosenStore(values);
    if (c.databaseUrl === null) {
      console.log(`embedded store ${sqlitePath(c)}: its migrations run when it is opened (by serve, import or any other command); nothing to do.`);
      return 0;
    }
    const { openPool, redactUrl } = await import('../store/postgres/pool.js');
    const { MIGRATIONS, migrate } = await import('../store/postgres/schema.js');
    const pool = await openPool(c.databaseUrl, { max: 1 });
    try {
      const before = await schemaVersion(pool);
      const version = await migrate(pool);
      const applied = version - before;
      console.log(`${redactUrl(c.databaseUrl)}: schema at version ${version} of ${MIGRATIONS.length}` +
        (applied ? ` (${applied} migration${applied > 1 ? 's' : ''} applied)` : ' (already up to date)'));
      return 0;
    } finally {
      await pool.end();
    }
  });
}

/** The version before migrating, 0 on a database Guichet never touched (no schema_migrations table yet). */
async function schemaVersion(pool: import('pg').Pool): Promise<number> {
  // Two statements: one naming a missing table would fail at parse time, whatever a CASE around it says.
  const exists = await pool.query("SELECT 1 FROM pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()");
  if (!exists.rowCount) return 0;
  return (await pool.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations')).rows[0].v;
}
