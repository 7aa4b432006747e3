/** @module The SMS outbox store contract: the same cases on SQLite and on PostgreSQL (skipped with one line when no URL is given). */
import { onEveryEngine } from './test-support/suite.js';
import { smsCases } from './test-support/sms-cases.js';

onEveryEngine('SMS outbox store contract', (h) => smsCases(h));
