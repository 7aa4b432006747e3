/** @module Test databases: one fresh PostgreSQL database per test file, cloned from a migrated template, dropped afterwards. */
import { createHash, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { createPool } from '../postgres/pool.js';
import { MIGRATIONS, migrate } from '../postgres/schema.js';

export const PG_URL_VAR = 'GUICHET_TEST_DATABASE_URL';

/** Whether a suite that needs PostgreSQL runs here (README, Tests): a URL; or a skip line; or, on CI, a failure. */
export type PgAvailability = { url: string; skip?: undefined; fail?: undefined } | { skip: string; url?: undefined; fail?: undefined }
  | { fail: string; url?: undefined; skip?: undefined };

export function pgAvailability(suite: string): PgAvailability {
  const url = process.env[PG_URL_VAR];
  if (url) return { url };
  if (process.env.CI === 'true') return { fail: `${PG_URL_VAR} is not set and CI=true: the ${suite} must run against PostgreSQL on CI` };
  return { skip: `${suite} skipped: ${PG_URL_VAR} is not set` };
}

/**
 * Declares a suite that needs PostgreSQL: `body` gets the server URL; without one the suite is skipped with a line
 * saying so, and under CI=true it fails instead.
 */
export function onPostgres(suite: string, body: (baseUrl: string) => void): void {
  const a = pgAvailability(suite);
  if (a.skip) console.log(a.skip);
  else if (a.fail) test(suite, () => assert.fail(a.fail));
  else body(a.url!);
}

/**
 * Named after the migrations it holds, so a schema change gets a new template instead of tests on a stale one.
 * The template is kept between runs (it is what makes a database per file cheap: a file copy, ~50 ms, instead of
 * migrating); older ones are dropped when a new one is made.
 */
export function templateName(): string {
  return `guichet_template_${createHash('sha256').update(MIGRATIONS.join('\n')).digest('hex').slice(0, 12)}`;
}

/** Serializes template creation and cloning across test files running at once (CREATE ... TEMPLATE needs it idle). */
const TEMPLATE_LOCK = '7437014141535400970';

export function urlFor(baseUrl: string, database: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(baseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new database `guichet_test_<random>`: migrated (a clone of the template) unless `empty`. */
export async function createTestDatabase(baseUrl: string, opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `guichet_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(baseUrl, async (c) => {
    if (opts.empty) {
      await c.query(`CREATE DATABASE ${name}`);
      return;
    }
    await c.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const tpl = await ensureTemplate(c, baseUrl);
      await c.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return { name, url: urlFor(baseUrl, name), drop: () => dropTestDatabase(baseUrl, name) };
}

async function ensureTemplate(c: pg.Client, baseUrl: string): Promise<string> {
  const tpl = templateName();
  if ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [tpl])).rowCount) return tpl;
  const stale = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'guichet\\_template\\_%'");
  for (const r of stale.rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname}`).catch(() => {});
  await c.query(`CREATE DATABASE ${tpl}`);
  try {
    const pool = createPool(urlFor(baseUrl, tpl), { max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
  } catch (e) {
    await c.query(`DROP DATABASE IF EXISTS ${tpl}`);
    throw e;
  }
  return tpl;
}

/** FORCE: a pool a failed test left open must not keep the database alive. */
export async function dropTestDatabase(baseUrl: string, name: string): Promise<void> {
  if (!/^guichet_test_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}: not a test database`);
  await withAdmin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
