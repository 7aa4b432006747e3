/** @module Demo mode: the console's accounts, one per role, created on the first start (a store that has none of them yet). */
import { demoAccounts, type DemoAccount } from '../demo/accounts.js';
import { AccountRefused } from './auth/accounts.js';
import type { ConsoleServices } from './index.js';

/**
 * The accounts this call created (with their passwords, to print once); none when they exist already. Two nodes
 * starting at once on one database: the second finds the accounts taken and creates nothing.
 */
export async function ensureDemoAccounts(services: ConsoleServices, draw?: () => string): Promise<DemoAccount[]> {
  const created: DemoAccount[] = [];
  for (const a of demoAccounts(draw)) {
    if (await services.store.accounts.byEmail(a.email)) continue;
    try {
      await services.accounts.add('system', a);
      created.push(a);
    } catch (e) {
      if (!(e instanceof AccountRefused)) throw e;
      // Already there (another node), or a drawn password the policy refuses (it never should): not printed, not created.
    }
  }
  return created;
}
