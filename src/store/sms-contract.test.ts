/** @module The SMS outbox store contract: the same cases on SQLite and on PostgreSQL (skipped with one line when no URL is given). */
import { after, afterEach, before, describe, test } from 'node:test';
import { postgresEngine, sqliteEngine, type StoreHarness } from './test-support/engines.js';
import { smsCases } from './test-support/sms-cases.js';

for (const engine of [sqliteEngine(), postgresEngine()]) {
  if (engine.skip) {
    console.log(engine.skip.replace('PostgreSQL contract suite', 'PostgreSQL SMS outbox contract suite'));
    continue;
  }
  if (engine.fail) {
    test(`SMS outbox store contract on ${engine.name}`, () => {
      throw new Error(engine.fail);
    });
    continue;
  }
  describe(`SMS outbox store contract on ${engine.name}`, () => {
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
    smsCases(() => harness);
  });
}
