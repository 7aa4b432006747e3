/** @module One contract suite on every engine: SQLite always, PostgreSQL when a URL is given (one line when skipped, a failure under CI). */
import { after, afterEach, before, describe, test } from 'node:test';
import { postgresEngine, sqliteEngine, type EngineUnderTest, type StoreHarness } from './engines.js';

/**
 * Registers `cases` in a `describe` per engine, each with a fresh harness, reset after every case (then `afterEach`).
 * `name` names the suite ("SMS outbox store contract"); the skip line says which PostgreSQL suite did not run.
 */
export function onEveryEngine(name: string, cases: (h: () => StoreHarness, engine: EngineUnderTest) => void,
  o: { engines?: EngineUnderTest[]; afterEach?: (h: StoreHarness) => Promise<void> } = {}): void {
  for (const engine of o.engines ?? [sqliteEngine(), postgresEngine()]) {
    if (engine.skip) {
      // The project's rule (README, Tests): one visible line saying why, not a silent pass and not one skip per case.
      console.log(engine.skip.replace('PostgreSQL contract suite', `PostgreSQL ${name} suite`));
      continue;
    }
    if (engine.fail) {
      test(`${name} on ${engine.name}`, () => {
        throw new Error(engine.fail);
      });
      continue;
    }
    describe(`${name} on ${engine.name}`, () => {
      let harness: StoreHarness;
      before(async () => {
        harness = await engine.setup();
      });
      afterEach(async () => {
        await harness.reset();
        await o.afterEach?.(harness);
      });
      after(async () => {
        await harness?.teardown();
      });
      cases(() => harness, engine);
    });
  }
}
