/** @module The bench's PostgreSQL databases: the registry imported once, a fresh copy for each cluster size, checked afterwards, dropped. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { run } from './processes.js';
import { benchEnv } from './registry.js';
import { ROOT, type Runner } from './runner.js';
import type { StoreCheck } from './verify.js';

/**
 * The bench never writes into the database the URL names (it may hold real credits): it creates its own beside
 * it, `guichet_bench_<random>_*`, on the same server, and drops them at the end. The URL's role needs CREATEDB.
 */
export class BenchDatabases {
  private readonly prefix = `guichet_bench_${randomBytes(4).toString('hex')}`;
  private readonly made: string[] = [];

  constructor(private readonly adminUrl: string) {}

  urlOf(name: string): string {
    const u = new URL(this.adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  }

  private async admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: this.adminUrl });
    try {
      await c.connect();
    } catch (e) {
      throw new Error(`cannot connect to PostgreSQL with --database-url (${(e as Error).message})`);
    }
    try {
      return await f(c);
    } finally {
      await c.end();
    }
  }

  /** An empty database, or a copy of `template` (a file copy: much faster than importing again). */
  async create(suffix: string, template?: string): Promise<string> {
    const name = `${this.prefix}_${suffix}`;
    await this.admin(async (c) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
          break;
        } catch (e) {
          // The importer's connections can linger a moment after it exits; a template must have none.
          const busy = /being accessed by other users/.test((e as Error).message);
          if (!busy || attempt >= 20) throw new Error(`cannot create database ${name} (${(e as Error).message}); the --database-url role needs CREATEDB`);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    });
    this.made.push(name);
    return name;
  }

  async dropAll(): Promise<void> {
    if (this.made.length === 0) return;
    await this.admin(async (c) => {
      for (const name of this.made.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
}

/** Like verify.ts for SQLite: journal verify by the real command, then credits counted by SQL, independently of the node. */
export async function checkPgStore(runner: Runner, url: string, retained: readonly string[], programme: string, cycle: string): Promise<StoreCheck> {
  const j = await run(process.execPath, runner.guichet(['journal', 'verify', '--database-url', url]), { cwd: ROOT, env: benchEnv() });
  const lines = `${j.stdout}\n${j.stderr}`.trim().split('\n').filter((l) => l.trim() !== '');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: [counts] } = await c.query<{ n: number; d: number; entries: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT subscriber_id)::int AS d, (SELECT count(*)::int FROM journal) AS entries
       FROM credits WHERE programme_id = $1 AND cycle = $2`, [programme, cycle]);
    const { rows } = await c.query<{ meter_no: string }>('SELECT meter_no FROM credits WHERE programme_id = $1 AND cycle = $2', [programme, cycle]);
    const issued = new Set(rows.map((r) => r.meter_no));
    const wanted = new Set(retained);
    let missing = 0;
    for (const m of wanted) if (!issued.has(m)) missing++;
    let unexpected = 0;
    for (const m of issued) if (!wanted.has(m)) unexpected++;
    return {
      journalOk: j.code === 0, journalMessage: lines[lines.length - 1] ?? `exit ${j.code}`, journalEntries: counts.entries,
      credits: counts.n, distinctSubscribers: counts.d, missing, unexpected,
    };
  } finally {
    await c.end();
  }
}
