/** @module The console's store contract: the same cases on SQLite and on PostgreSQL (skipped with one line when no URL is given). */
import { after, afterEach, before, describe, test } from 'node:test';
import { postgresEngine, sqliteEngine, type StoreHarness } from './test-support/engines.js';
import { clearConsole, consoleCases } from './test-support/console-cases.js';

for (const engine of [sqliteEngine(), postgresEngine()]) {
  if (engine.skip) {
    console.log(engine.skip.replace('PostgreSQL contract suite', 'PostgreSQL console contract suite'));
    continue;
  }
  if (engine.fail) {
    test(`console store contract on ${engine.name}`, () => {
      throw new Error(engine.fail);
    });
    continue;
  }
  describe(`console store contract on ${engine.name}`, () => {
    let harness: StoreHarness;
    before(async () => {
      harness = await engine.setup();
    });
    afterEach(async () => {
      await harness.reset();
      await clearConsole(harness.store);
    });
    after(async () => {
      await harness?.teardown();
    });
    consoleCases(() => harness);
  });
}
