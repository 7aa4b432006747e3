/** @module The console's store contract: the same cases on SQLite and on PostgreSQL (skipped with one line when no URL is given). */
import { onEveryEngine } from './test-support/suite.js';
import { clearConsole, consoleCases } from './test-support/console-cases.js';

onEveryEngine('console store contract', (h) => consoleCases(h), { afterEach: (h) => clearConsole(h.store) });
