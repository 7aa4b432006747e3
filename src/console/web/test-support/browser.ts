/** @module Test support for the console in a real headless Chromium: one node, one browser, an account per role, sign-in and the axe check. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestNode } from '../../../test-support/node.js';
import { launchChromium, requireChromium, skipWithoutChromium } from '../../../test-support/chromium.js';
import { ROLES, type Role } from '../../auth/roles.js';
import { emailOf, PASSWORD } from './harness.js';

/** On CI a missing browser fails; elsewhere the run says why it skipped. */
export const skipBrowser: string | false = skipWithoutChromium('the console\'s Chromium tests are skipped');

export type Node = Awaited<ReturnType<typeof startTestNode>>;

export interface BrowserRig {
  node: Node;
  base: string;
  browser: Browser;
  /** A fresh context (its own cookies), French, laptop-sized unless told. */
  context(o?: { width?: number; height?: number; locale?: string }): Promise<BrowserContext>;
  /** A new page in a new context, signed in through the form as this role. */
  signedIn(role: Role, o?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function browserRig(env: Record<string, string> = {}): Promise<BrowserRig> {
  requireChromium();
  const node = await startTestNode(env);
  const base = node.console.url ?? node.url;
  // The demo accounts have random passwords; the tests add their own, one per role.
  for (const r of ROLES) await node.console.services.accounts.add('cli:test', { email: emailOf(r), role: r, password: PASSWORD });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const rig: BrowserRig = {
    node, base, browser,
    async context(o = {}) {
      const c = await browser.newContext({ viewport: { width: o.width ?? 1280, height: o.height ?? 800 }, locale: o.locale ?? 'fr-FR' });
      contexts.push(c);
      return c;
    },
    async signedIn(role, o = {}) {
      const page = await (await rig.context(o)).newPage();
      await signIn(page, base, emailOf(role), PASSWORD);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await node.stop();
    },
  };
  return rig;
}

export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Se connecter' }).click()]);
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core run in the page (evaluated through the DevTools protocol, so the page's CSP still forbids inline scripts); the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
