/** @module Shared command-line plumbing: parse flags strictly, open the chosen store (SQLite or PostgreSQL), fail in one plain line. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, storeConfig, type StoreConfig } from '../config/config.js';
import type { Store } from '../store/contract.js';
import { openStore, StoreMissing } from '../store/open.js';

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

/** Which store the flags and environment name (README, Configuration): --database-url / DATABASE_URL, else --data-dir / GUICHET_DATA_DIR. */
export function chosenStore(flags: Record<string, unknown>): StoreConfig {
  const problems: string[] = [];
  const c = storeConfig(flags as Record<string, string | boolean | undefined>, process.env, problems);
  if (problems.length) throw new ConfigError(problems);
  return c;
}

/**
 * Opens the store the flags and environment name, as every command does. A command that only reads (`mustExist`)
 * refuses a store that is not there rather than creating an empty one.
 */
export function openCommandStore(flags: Record<string, unknown>, o: { mustExist: boolean }): Promise<Store> {
  return openStore(chosenStore(flags), { purpose: 'command', mustExist: o.mustExist });
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
    if (e instanceof ConfigError || e instanceof StoreMissing) {
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
