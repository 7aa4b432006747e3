/** @module Tests: `import` and `demo-data` as real processes: exit codes, one-line messages, nothing written for a bad file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGISTRY_COLUMNS } from '../domain/subscriber.js';

const RUN = fileURLToPath(new URL('./main.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  // The store is always named by the test: none inherited from the environment running the suite.
  const { GUICHET_DATA_DIR: _d, DATABASE_URL: _u, ...inherited } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUN, ...args], {
    encoding: 'utf8',
    env: { ...inherited, ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A failure message: one line, no stack trace. */
function oneLine(err: string): void {
  assert.equal(err.trim().split('\n').length, 1, err);
  assert.doesNotMatch(err, /^\s+at /m);
}

test('demo-data then import: the same seed gives the same file; a re-import changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-cli-'));
  try {
    const a = join(dir, 'out', 'registry.csv');
    const made = run(['demo-data', '--electricity', '300', '--water', '200', '--seed', 'libreville', '--out', a]);
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /^wrote 580 rows to .* phase-1 retains 300 electricity \(66 on prepaid meters\) and 200 water subscribers; 80 rows it does not retain\n$/);
    const b = join(dir, 'b.csv');
    assert.equal(run(['demo-data', '--electricity', '300', '--water', '200', '--seed', 'libreville', '--out', b]).code, 0);
    assert.ok(readFileSync(a).equals(readFileSync(b)));

    const data = join(dir, 'data');
    const first = run(['import', a, '--data-dir', data]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^read 580, added 580, updated 0, unchanged 0, rejected 0 in \d+\.\d s\n$/);
    assert.ok(existsSync(join(data, 'guichet.db')));
    assert.equal(first.err, '', 'no progress bar when stderr is not a terminal');
    // The data directory may come from the environment.
    const again = run(['import', a], { GUICHET_DATA_DIR: data });
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /^read 580, added 0, updated 0, unchanged 580, rejected 0/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import with refused rows still exits 0 and names the rejects file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-cli-'));
  try {
    const file = join(dir, 'registry.csv');
    writeFileSync(file, `${REGISTRY_COLUMNS.join(',')}\n` +
      'LBV-1,43135625624,electricity,prepaid,social,2,140,particulier,NGUEMA Jean,Libreville Centre,Akébé,,600727,123456,01,1,02,2014-01-01\n' +
      'LBV-2,20481234,water,postpaid,social,,9,particulier,ONDO Marie,Owendo,Alénakiri,,,,,,,\n');
    const r = run(['import', file, '--data-dir', join(dir, 'data')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /read 2, added 1, updated 0, unchanged 0, rejected 1 in .*; rejected rows with their line and reason: .*registry\.csv\.rejects\.csv/);
    assert.match(readFileSync(`${file}.rejects.csv`, 'utf8'), /^line,reason,contract_no,.*\n2,bad_check_digit: meter_no 43135625624: wrong check digit,LBV-1,/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import of a file that cannot be read: exit 1, one clear line, no store created', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-cli-'));
  try {
    const data = join(dir, 'data');
    const missing = run(['import', join(dir, 'nope.csv'), '--data-dir', data]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^guichet import: .*nope\.csv: no such file\n$/);
    oneLine(missing.err);
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'name,phone\nMBA,+24177123456\n');
    const header = run(['import', wrong, '--data-dir', data]);
    assert.equal(header.code, 1);
    assert.match(header.err, /line 1 is not a registry header: missing columns contract_no, meter_no/);
    oneLine(header.err);
    const binary = join(dir, 'image.csv');
    writeFileSync(binary, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]));
    const bin = run(['import', binary, '--data-dir', data]);
    assert.equal(bin.code, 1);
    assert.match(bin.err, /is not a CSV text file: it holds binary data/);
    assert.equal(existsSync(data), false, 'nothing written, not even an empty store');
    // A database that cannot be reached: one line too (port 1: refused at once, no server there).
    writeFileSync(wrong, `${REGISTRY_COLUMNS.join(',')}\n`);
    const pg = run(['import', wrong, '--database-url', 'postgres://guichet@127.0.0.1:1/guichet']);
    assert.equal(pg.code, 1);
    assert.match(pg.err, /^guichet import: failed: /);
    oneLine(pg.err);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage problems exit 2 with a plain line; --help exits 0', () => {
  const both = run(['import', 'x.csv', '--data-dir', 'd', '--database-url', 'postgres://localhost/guichet']);
  assert.equal(both.code, 2);
  assert.match(both.err, /two different stores/);
  assert.match(run(['import', 'x.csv', '--database-url', 'mysql://x']).err, /must be a postgres:\/\/ or postgresql:\/\/ URL/);
  const none = run(['import']);
  assert.equal(none.code, 2);
  assert.match(none.err, /which file\?[\s\S]*usage: guichet import FILE/);
  assert.equal(run(['import', 'a.csv', '--colour']).code, 2);
  const bad = run(['demo-data', '--electricity', 'many', '--water', '1', '--out', 'x.csv']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--electricity must be a whole number, got "many"/);
  assert.match(run(['demo-data', '--electricity', '1', '--water', '1']).err, /--out FILE is required/);
  const help = run(['import', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /^usage: guichet import FILE/);
  assert.match(run(['demo-data', '--help']).out, /^usage: guichet demo-data --electricity N --water M/);
});

test('import of a file broken midway: exit 1, one line saying where, why, what was imported and that re-importing is safe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-cli-'));
  try {
    const file = join(dir, 'registry.csv');
    const row = (c: string, m: string) => `${c},${m},water,postpaid,social,,9,particulier,ONDO Marie,Owendo,Alénakiri,,,,,,,`;
    writeFileSync(file, `${REGISTRY_COLUMNS.join(',')}\n${row('LBV-1', '20481234')}\n${row('LBV-2', '20481235')}\nLBV-3,"2048\n${row('LBV-4', '20481237')}\n`);
    const data = join(dir, 'data');
    const r = run(['import', file, '--data-dir', data]);
    assert.equal(r.code, 1, r.out);
    oneLine(r.err);
    assert.match(r.err, /^guichet import: .*registry\.csv: stopped at line 4: a quoted field opens there and is never closed .*The 2 data rows before it were read: 2 imported \(2 added, 0 updated, 0 unchanged\), 0 rejected .*Fix the file and import it again: re-importing is safe/);
    const again = run(['import', file, '--data-dir', data]);
    assert.match(again.err, /2 imported \(0 added, 0 updated, 2 unchanged\)/, 'the rows before the break were committed the first time');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
