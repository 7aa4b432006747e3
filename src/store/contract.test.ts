/** @module The store contract suite: the same cases on SQLite and on PostgreSQL (skipped with one line when no URL is given). */
import { postgresEngine } from './test-support/engines.js';
import { onEveryEngine } from './test-support/suite.js';
import { claimCases } from './test-support/claim-cases.js';
import { registryCases } from './test-support/registry-cases.js';
import { deskCases } from './test-support/desk-cases.js';

onEveryEngine('store contract', (h) => {
  registryCases(h);
  claimCases(h);
  deskCases(h);
});
// The registry cases once more with every subscriber write through COPY: their batches are smaller than the
// threshold at which a real import switches to it.
onEveryEngine('store contract', (h) => registryCases(h), { engines: [postgresEngine({ copyMin: 1 })] });
