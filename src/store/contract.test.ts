/** @module The store contract suite: the same cases on SQLite and on PostgreSQL (skipped with one line when no URL is given). */
import { after, afterEach, before, describe, test } from 'node:test';
import { postgresEngine, sqliteEngine, type StoreHarness } from './test-support/engines.js';
import { claimCases } from './test-support/claim-cases.js';
import { registryCases } from './test-support/registry-cases.js';
import { deskCases } from './test-support/desk-cases.js';

// The registry cases once more with every subscriber write through COPY: their batches are smaller than the
// threshold at which a real import switches to it.
for (const [engine, cases] of [[sqliteEngine(), 'all'], [postgresEngine(), 'all'], [postgresEngine({ copyMin: 1 }), 'registry']] as const) {
  if (engine.skip) {
    // The project's rule (README, Tests): one visible line saying why, not a silent pass and not one skip per case.
    console.log(engine.skip);
    continue;
  }
  if (engine.fail) {
    test(`store contract on ${engine.name}`, () => {
      throw new Error(engine.fail);
    });
    continue;
  }
  describe(`store contract on ${engine.name}`, () => {
    let harness: StoreHarness;
    before(async () => {
      harness = await engine.setup();
    });
    afterEach(async () => {
      await harness.reset();
    });
    after(async () => {
      await harness?.teardown();
    });
    registryCases(() => harness);
    if (cases === 'all') claimCases(() => harness);
    if (cases === 'all') deskCases(() => harness);
  });
}
