/** @module Tests: every command that only reads refuses a store that is not there (one line, non-zero), and creates none. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { guichetAsync } from '../test-support/cli.js';
import { storeWith, subscriber, tempDir } from '../test-support/fixtures.js';

/** The store is always named by the test: none inherited from the environment running the suite. */
const ENV = { GUICHET_DATA_DIR: undefined, DATABASE_URL: undefined };
const run = (args: string[]) => guichetAsync(args, ENV);

test('journal verify, export credits, programme show, audit verify, store copy and sms status refuse a missing --data-dir', async () => {
  const t = tempDir('guichet-read-');
  try {
    const none = join(t.dir, 'no', 'such', 'dir');
    const out = join(t.dir, 'out.csv');
    const cases: [string, string[]][] = [
      ['journal verify', ['journal', 'verify', '--data-dir', none]],
      ['export credits', ['export', 'credits', '--cycle', 'phase-1', '--out', out, '--data-dir', none]],
      ['programme show', ['programme', 'show', '--data-dir', none]],
      ['audit verify', ['audit', 'verify', '--data-dir', none]],
      ['store copy', ['store', 'copy', '--from-data-dir', none, '--to-data-dir', join(t.dir, 'copy')]],
      ['sms status', ['sms', 'status', '--data-dir', none]],
    ];
    const runs = await Promise.all(cases.map(([, a]) => run(a)));
    runs.forEach((r, i) => {
      const name = cases[i][0];
      assert.notEqual(r.code, 0, `${name} must fail: ${r.stdout}`);
      assert.match(r.stderr, /no store at .*no\/such\/dir\/guichet\.db/, name);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${name}: one plain line, got ${r.stderr}`);
      assert.doesNotMatch(r.stdout, /intact/, `${name} must not call a missing store intact`);
    });
    assert.equal(existsSync(join(t.dir, 'no')), false, 'no folder or empty store created');
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(join(t.dir, 'copy')), false);
  } finally {
    t.cleanup();
  }
});

test('an empty --data-dir is an error, not ./data', async () => {
  const runs = await Promise.all([['journal', 'verify'], ['programme', 'show'], ['audit', 'verify'], ['import', 'x.csv']]
    .map((a) => run([...a, '--data-dir', ''])));
  for (const r of runs) {
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /--data-dir \(or GUICHET_DATA_DIR\) is empty/);
  }
});

test('export credits: an unknown cycle is an error naming the cycles that exist; a known one says how many, singular or plural', async () => {
  const t = tempDir('guichet-read-');
  try {
    storeWith(t.dir, [subscriber(1)]).close();
    const out = join(t.dir, 'out.csv');
    const [bad, ok] = await Promise.all([
      run(['export', 'credits', '--cycle', 'phase-9', '--out', out, '--data-dir', t.dir]),
      run(['export', 'credits', '--cycle', 'phase-2', '--out', join(t.dir, 'p2.csv'), '--data-dir', t.dir]),
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^guichet export: no cycle "phase-9" in .*guichet\.db: the cycles are phase-1, phase-2\.\n/);
    assert.equal(existsSync(out), false, 'nothing written for an unknown cycle');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^0 credits of cycle phase-2 written to /);
    assert.match(ok.stdout, /Data > From Text\/CSV .* contract_no and meter_no to Text/, 'says how to keep leading zeros');
  } finally {
    t.cleanup();
  }
});

test('codes import of a missing file creates no store', async () => {
  const t = tempDir('guichet-read-');
  try {
    const data = join(t.dir, 'data');
    const r = await run(['codes', 'import', join(t.dir, 'nope.csv'), '--data-dir', data]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*nope\.csv: no such file/);
    assert.equal(existsSync(data), false);
  } finally {
    t.cleanup();
  }
});
