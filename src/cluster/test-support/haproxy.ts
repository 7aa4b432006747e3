/**
 * @module Suites that need HAProxy, declared like those that need PostgreSQL or Chromium: run when it is installed;
 * otherwise skipped with one line saying so, except under CI=true, where a missing HAProxy fails the run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findHaproxy } from '../haproxy.js';

export function onHaproxy(suite: string, body: (haproxy: string) => void): void {
  const haproxy = findHaproxy();
  if (haproxy !== null) return body(haproxy);
  // .ci/run installs it: missing there is a broken CI, not a reason to skip.
  if (process.env.CI === 'true') test(suite, () => assert.fail(`haproxy is not installed and CI=true: the ${suite} must run on CI`));
  else console.log(`${suite} skipped: haproxy is not installed (apt-get install haproxy)`);
}
