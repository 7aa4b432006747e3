/** @module Waiting on observable state in tests: polls a condition until it holds or a deadline passes, never "sleep then assert". */

export async function until(ok: () => boolean | Promise<boolean>, timeoutMs: number, message: string | (() => string), everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ok()) return;
    if (Date.now() > deadline) throw new Error(`${typeof message === 'function' ? message() : message} (waited ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
