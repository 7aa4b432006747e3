/** @module Debian's Chromium for the page tests: where it is, whether a test runs without it, and one way to launch it. */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's Chromium; `GUICHET_CHROMIUM` points elsewhere on a machine that keeps it somewhere else. */
export const CHROMIUM = process.env.GUICHET_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);

/** The `skip` of a browser test (`what`: "the ... check is skipped"): on CI a missing browser is a failure, not a silent pass; elsewhere the run says why. */
export function skipWithoutChromium(what: string): string | false {
  return !chromiumPresent && process.env.CI !== 'true' ? `${CHROMIUM} not found: ${what}` : false;
}

/** A browser test's first line: without the browser (only under CI, else skipped) it fails before starting anything. */
export function requireChromium(): void {
  if (!chromiumPresent) throw new Error(`${CHROMIUM} is required when CI=true`);
}

/** Headless, no sandbox, no GPU, nothing fetched from outside (never a downloaded browser: playwright-core only drives). */
export async function launchChromium(): Promise<Browser> {
  requireChromium();
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
