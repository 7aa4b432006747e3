/** @module The grievance contract (CONTRACT §10): the same cases on SQLite and on PostgreSQL (skipped with one line when no URL is given). */
import { onEveryEngine } from '../store/test-support/suite.js';
import { grievanceCases, remedyCases } from './test-support/cases.js';

onEveryEngine('grievance contract', (h) => {
  grievanceCases(h);
  remedyCases(h);
});
