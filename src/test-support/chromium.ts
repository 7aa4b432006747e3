/** @module Debian's Chromium for the page tests: where it is, whether a test runs without it, and one way to launch it. */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

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

/**
 * A page as a basic phone's browser shows the subscriber pages: JavaScript off, 360 px wide, French. `foreign`
 * collects every request to anywhere but `base` (no font, CDN or image may be fetched from outside).
 */
export async function phonePage(browser: Browser, base: string): Promise<{ page: Page; foreign: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  return { page, foreign };
}
