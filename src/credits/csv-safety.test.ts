/** @module Tests: the billing export and the code pool's rejects file go through the one CSV writer (formulas neutralised). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ExportedCredit } from '../domain/credit.js';
import type { CodePoolStore, NewCode } from '../store/contract.js';
import { tempDir } from '../test-support/fixtures.js';
import { importCodes } from './code-import.js';
import { EXPORT_COLUMNS, exportCredits } from './export.js';

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
const FORMULAS = ['=1+1', '=HYPERLINK("http://evil.example","x")', '@SUM(1)', '-2+3', '+1'];

test('export credits: text cells that would run as formulas are neutralised, amounts stay numbers', async () => {
  const t = tempDir('guichet-export-');
  try {
    // The store validates what it holds; this reader stands for one that did not, to prove the writer alone is enough.
    const credits = FORMULAS.map((f, i) => ({
      claim_id: `G-0000000${i + 1}`, contract_no: f, meter_no: '00012345678', service: 'electricity', metering: 'postpaid',
      programme_id: f, cycle: 'phase-1', fcfa: 20000, units_tenths: 4166, unit: 'kWh', channel: 'api',
      issued_at: '2020-04-06T08:00:00.000Z',
    }) as unknown as ExportedCredit);
    const out = join(t.dir, 'export.csv');
    const n = await exportCredits({ exportCredits: async function* () { yield* credits; } }, { cycle: 'phase-1', out, all: false });
    assert.equal(n, FORMULAS.length);
    const [header, ...rows] = parse(readFileSync(out)) as string[][];
    assert.deepEqual(header, [...EXPORT_COLUMNS]);
    for (const [i, r] of rows.entries()) {
      const at = (c: (typeof EXPORT_COLUMNS)[number]) => r[EXPORT_COLUMNS.indexOf(c)];
      assert.equal(at('contract_no'), `'${FORMULAS[i]}`, FORMULAS[i]);
      assert.equal(at('programme_id'), `'${FORMULAS[i]}`);
      assert.equal(at('meter_no'), '00012345678', 'digits are written as they are (leading zeros kept in the file)');
      assert.equal(at('fcfa'), '20000');
      assert.equal(at('units'), '416.6');
    }
  } finally {
    t.cleanup();
  }
});

test('codes import: the rejects file neutralises formulas in every cell', async () => {
  const t = tempDir('guichet-codes-');
  try {
    const file = join(t.dir, 'codes.csv');
    writeFileSync(file, `meter_no,cycle,token,units\n${FORMULAS.map((f) => `12345678,phase-1,${q(f)},${q(f)}`).join('\n')}\n`);
    const pool: CodePoolStore = {
      addCodes: async (rows: readonly NewCode[]) => rows.length,
      prepaidMeters: async (m) => new Set(m),
      freeCodes: async function* () {},
    };
    const s = await importCodes(pool, file);
    assert.equal(s.rejected, FORMULAS.length);
    const [header, ...rows] = parse(readFileSync(`${file}.rejects.csv`)) as string[][];
    assert.deepEqual(header, ['line', 'reason', 'meter_no', 'cycle', 'token', 'units']);
    for (const [i, r] of rows.entries()) {
      assert.equal(r[0], String(i + 2), 'line numbers are plain numbers');
      assert.match(r[1], /^bad_token/);
      assert.equal(r[4], `'${FORMULAS[i]}`);
      assert.equal(r[5], `'${FORMULAS[i]}`);
    }
  } finally {
    t.cleanup();
  }
});
