/** @module Shared command-line plumbing: parse flags strictly, open the chosen store (SQLite or PostgreSQL), fail in one plain line. */
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, sqlitePath, storeConfig, type StoreConfig } from '../config/config.js';
import type { Store } from '../store/contract.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';

/** A problem the user can fix; printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {}

export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Which store the flags and environment name (CONTRACT §4): --database-url / DATABASE_URL, else --data-dir / GUICHET_DATA_DIR. */
export function chosenStore(flags: Record<string, unknown>): StoreConfig {
  const problems: string[] = [];
  const c = storeConfig(flags as Record<string, string | boolean | undefined>, process.env, problems);
  if (problems.length) throw new ConfigError(problems);
  return c;
}

/** Where the chosen store lives, for messages before it is opened (the password never shows). */
export async function storeLocation(c: StoreConfig): Promise<string> {
  if (c.databaseUrl === null) return sqlitePath(c);
  return (await import('../store/postgres/pool.js')).redactUrl(c.databaseUrl);
}

/** False only for an SQLite file not there yet: a command that just looks must not create an empty store. */
export function storeExists(c: StoreConfig): boolean {
  return c.databaseUrl !== null || existsSync(sqlitePath(c));
}

/** Opens (and migrates) the store named by --data-dir / --database-url / env, the same way for every command. */
export function openAnyStore(flags: Record<string, unknown>): Promise<Store> {
  return openChosenStore(chosenStore(flags));
}

export async function openChosenStore(c: StoreConfig): Promise<Store> {
  if (c.databaseUrl === null) return SqliteAsyncStore.open(sqlitePath(c));
  // Loaded only here: the embedded store's users never load the PostgreSQL driver.
  const { PgStore } = await import('../store/postgres/store.js');
  // A command runs one statement at a time: a couple of connections, not a server's pool.
  return PgStore.open(c.databaseUrl, { max: 2 });
}

/** A PgConnectError (wrong URL, password, database; unreachable) without loading pg just to ask. */
async function isPgConnectError(e: unknown): Promise<boolean> {
  if (!(e instanceof Error) || !('fault' in e)) return false;
  return e instanceof (await import('../store/postgres/pool.js')).PgConnectError;
}

/** Runs a command body and turns the errors a user can cause into one line on stderr and an exit code. */
export async function runCommand(name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`guichet ${name}: ${e.message}\nusage: guichet ${usage}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      console.error(`guichet ${name}: ${e.message}`);
      return 2;
    }
    if (await isPgConnectError(e)) {
      console.error(`guichet ${name}: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
}
