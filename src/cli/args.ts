/** @module Shared command-line plumbing: parse flags strictly, open the chosen store, fail in one plain line. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, sqlitePath, storeConfig } from '../config/config.js';
import { SqliteStore } from '../store/sqlite/store.js';

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

/** Opens the store named by --data-dir / --database-url / env, the same way for every command. */
export function openStore(flags: Record<string, unknown>): SqliteStore {
  const problems: string[] = [];
  const c = storeConfig(flags as Record<string, string | boolean | undefined>, process.env, problems);
  if (problems.length) throw new ConfigError(problems);
  if (c.databaseUrl !== null) {
    throw new UsageError('the PostgreSQL store is not available in this version yet: use the embedded store (--data-dir).');
  }
  return SqliteStore.open(sqlitePath(c));
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
    throw e;
  }
}
