/**
 * @module Waiting in tests on what can be observed, never for a fixed time: poll a predicate until it holds, or fail
 * at a deadline with a message saying what was awaited (and, optionally, what was seen instead).
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves with the predicate's first truthy value; fails after `timeoutMs` with `message` (a function is called
 * then, to describe the state at the deadline). The predicate may be async; each try waits `everyMs` after the last.
 */
export async function until<T>(
  predicate: () => T | Promise<T>, timeoutMs: number, message: string | (() => string), everyMs = 25,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await predicate();
    if (v) return v as NonNullable<T>;
    if (Date.now() >= deadline) assert.fail(`${typeof message === 'function' ? message() : message} (waited ${timeoutMs} ms)`);
    await sleep(everyMs);
  }
}
