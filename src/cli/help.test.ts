/** @module Tests: the operators' command line speaks one language (English) and points to the guides in the repository. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guichetAsync } from '../test-support/cli.js';
import { spawnServer } from '../test-support/process.js';
import { tempDir } from '../test-support/fixtures.js';

const COMMANDS = ['serve', 'import', 'demo-data', 'programme', 'journal', 'export', 'codes', 'migrate', 'cluster', 'store', 'backup',
  'users', 'audit', 'sts', 'sms', 'smsc-sim'];
/** Words that give French away in a help text (DÉMO is the contract's own word and may stay). */
const FRENCH = /\b(le|la|les|des|du|en service|sur|pour|avec|données|fictives|programmé|retenus)\b|[éèàç]/i;

test('every --help is English, names no outside CONTRACT, and the main help points to docs/', async () => {
  const [main, ...runs] = await Promise.all([guichetAsync(['--help']), ...COMMANDS.map((c) => guichetAsync([c, '--help']))]);
  assert.equal(main.code, 0);
  assert.match(main.stdout, /docs\/registry-format\.md/);
  assert.match(main.stdout, /docs\/api\.md/);
  for (const [i, r] of [main, ...runs].entries()) {
    const name = i === 0 ? 'guichet --help' : `guichet ${COMMANDS[i - 1]} --help`;
    const text = r.stdout + r.stderr;
    assert.doesNotMatch(text, /CONTRACT/, `${name} points to a file outside the repository`);
    assert.doesNotMatch(text.replace(/DÉMO/g, ''), FRENCH, `${name} is not all English:\n${text}`);
  }
  assert.match(runs[COMMANDS.indexOf('import')].stdout, /docs\/registry-format\.md/);
  assert.match(runs[COMMANDS.indexOf('serve')].stdout, /docs\/api\.md/);
});

test('serve says where it serves in English, with DÉMO in demo mode', { timeout: 180_000 }, async () => {
  const t = tempDir('guichet-serve-');
  const node = await spawnServer(['--data-dir', t.dir]);
  try {
    assert.match(node.stderr(), /^Guichet serving on http:\/\/127\.0\.0\.1:\d+ — DÉMO \(demo data: fictitious numbers and codes\)$/m);
    assert.doesNotMatch(node.stderr(), /en service/);
  } finally {
    await node.kill();
    t.cleanup();
  }
});
