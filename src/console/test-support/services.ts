/** @module Test fixtures for the console: services on an in-memory SQLite store with a clock the test moves, and cheap scrypt. */
import { SqliteAsyncStore } from '../../store/sqlite/async.js';
import { ConsoleServices, type ConsoleOptions } from '../index.js';

/** scrypt at 1/128 of the real cost: for cases that log in many times; the real parameters have their own test. */
export const FAST = { N: 1024, r: 8, p: 1 };

export const T0 = Date.parse('2020-04-01T08:00:00Z');

export interface Fixture {
  services: ConsoleServices;
  store: SqliteAsyncStore;
  /** Moves the clock on by `ms`. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function consoleFixture(opts: ConsoleOptions = {}): Promise<Fixture> {
  const store = SqliteAsyncStore.open(':memory:');
  let t = T0;
  const services = await ConsoleServices.open(store, { now: () => new Date(t), params: FAST, ...opts });
  return { services, store, advance: (ms) => void (t += ms), close: () => store.close() };
}
