/** @module The grievance contract (CONTRACT §10): the same cases on SQLite and on PostgreSQL (skipped with one line when no URL is given). */
import { after, afterEach, before, describe, test } from 'node:test';
import { postgresEngine, sqliteEngine, type StoreHarness } from '../store/test-support/engines.js';
import { grievanceCases, remedyCases } from './test-support/cases.js';

for (const engine of [sqliteEngine(), postgresEngine()]) {
  if (engine.skip) {
    console.log(engine.skip.replace('PostgreSQL contract suite', 'PostgreSQL grievance contract suite'));
    continue;
  }
  if (engine.fail) {
    test(`grievance contract on ${engine.name}`, () => {
      throw new Error(engine.fail);
    });
    continue;
  }
  describe(`grievance contract on ${engine.name}`, () => {
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
    grievanceCases(() => harness);
    remedyCases(() => harness);
  });
}
