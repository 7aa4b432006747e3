/** @module Tests: importing a registry CSV: quoting, line numbers, rejects, duplicates, unreadable files, the store. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { REGISTRY_COLUMNS, type Subscriber } from '../domain/subscriber.js';
import { openSqlite } from '../store/sqlite/open.js';
import { SqliteSubscriberRepo } from '../store/sqlite/subscribers.js';
import { RegistryFileError } from './errors.js';
import { importRegistry, type ImportOptions } from './import.js';
import type { SubscriberSink, UpsertOutcome } from './sink.js';

const HEADER = REGISTRY_COLUMNS.join(',');
/** Valid rows, by the fields after contract_no. */
const prepaid = (c: string, meter = '43135625622'): string =>
  `${c},${meter},electricity,prepaid,social,2,140,particulier,NGUEMA Jean,Libreville Centre,Akébé,+24177123456,600727,123456,01,1,02,2014-01-01`;
const postpaid = (c: string, meter: string): string =>
  `${c},${meter},electricity,postpaid,general,3,210,particulier,"MBA, Paul",Owendo,Alénakiri,077 12 34 56,,,,,,`;
const water = (c: string, meter: string): string =>
  `${c},${meter},water,postpaid,social,,12.5,particulier,ONDO Marie,Port-Gentil,Balise,,,,,,,`;

/** Records every batch; refuses a meter already held by another contract, like a store would. */
class MemorySink implements SubscriberSink {
  readonly rows = new Map<string, Subscriber>();
  batches = 0;
  upsertBatch(rows: readonly Subscriber[]): UpsertOutcome {
    this.batches++;
    const out: UpsertOutcome = { added: 0, updated: 0, unchanged: 0, rejected: [] };
    rows.forEach((s, index) => {
      const owner = [...this.rows.values()].find((x) => x.meter_no === s.meter_no && x.contract_no !== s.contract_no);
      if (owner) return out.rejected.push({ index, reason: `meter_conflict: meter_no ${s.meter_no} already belongs to contract ${owner.contract_no}` });
      if (this.rows.has(s.contract_no)) out.updated++;
      else out.added++;
      this.rows.set(s.contract_no, s);
    });
    return out;
  }
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'guichet-import-'));
}

function rejectsOf(file: string): Record<string, string>[] {
  return parse(readFileSync(`${file}.rejects.csv`), { columns: true, relax_column_count: true }) as Record<string, string>[];
}

for (const thread of ['main', 'worker'] as const) {
  const opts: ImportOptions = { thread, progress: false };

  test(`[${thread}] valid rows are added; quoted commas, BOM, CRLF, blank lines and extra columns are fine`, async () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'registry.csv');
      writeFileSync(`${file}.rejects.csv`, 'stale');
      // Extra columns (note, before and after) are ignored; a quoted line break inside one is still one row.
      const text = `\ufeffnote,${HEADER},zone\r\n` + `"a, b",${prepaid('lbv-1')},x\r\n` + `\r\n` +
        `"two\r\nlines",${postpaid('OWE-2', '20481234')},y\r\n` + `,${water('POG-3', '30561234')},\r\n` + `,,,,,,,,,,,,,,,,,,,,\r\n`;
      writeFileSync(file, text);
      const sink = new MemorySink();
      const s = await importRegistry(file, sink, opts);
      assert.deepEqual({ read: s.read, added: s.added, updated: s.updated, rejected: s.rejected, rejectsFile: s.rejectsFile },
        { read: 3, added: 3, updated: 0, rejected: 0, rejectsFile: null });
      assert.equal(existsSync(`${file}.rejects.csv`), false, 'a stale rejects file is removed');
      assert.equal(sink.rows.get('LBV-1')?.meter_no, '43135625622');
      assert.equal(sink.rows.get('OWE-2')?.holder_name, 'MBA, Paul');
      assert.equal(sink.rows.get('OWE-2')?.phone, '+24177123456');
      assert.equal(sink.rows.get('POG-3')?.power_kw, null);
      assert.ok(s.seconds >= 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${thread}] refused rows go to FILE.rejects.csv with their physical line, reasons and original fields`, async () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'registry.csv');
      const lines = [
        `${HEADER},comment`, // 1
        `${prepaid('LBV-1')},ok`, // 2
        `${prepaid('LBV-2', '43135625624')},"bad check digit, quoted"`, // 3
        `${postpaid('LBV-3', '20481234')},"a comment over`, // 4
        `two lines"`, // 5
        `${postpaid(' lbv-1 ', '20481299')},duplicate contract`, // 6
        `${water('LBV-4', '20481234')},duplicate meter`, // 7
        `LBV-5,123`, // 8: too few fields
        `${water('LBV-6', '٣٠٥٦١٢٣٤')},arabic digits`, // 9
        `${postpaid('LBV-7', '20481235').replace('particulier', 'menage').replace('077 12 34 56', '011 72 34 56')},two reasons`, // 10
        `${postpaid('LBV-8', '20481236').replace('"MBA, Paul"', '"MBA\nPaul"')},line break in a name`, // 11-12
        `${water('LBV-9', '30561299')},last`, // 13
      ];
      writeFileSync(file, lines.join('\n'));
      const s = await importRegistry(file, new MemorySink(), opts);
      assert.equal(s.read, 10);
      assert.equal(s.added, 3);
      assert.equal(s.rejected, 7);
      assert.equal(s.rejectsFile, `${file}.rejects.csv`);
      const r = rejectsOf(file);
      const byLine = new Map(r.map((x) => [x.line, x]));
      assert.deepEqual([...byLine.keys()], ['3', '6', '7', '8', '9', '10', '11']);
      assert.equal(byLine.get('3')!.reason, 'bad_check_digit: meter_no 43135625624: wrong check digit');
      assert.equal(byLine.get('3')!.comment, 'bad check digit, quoted');
      assert.equal(byLine.get('3')!.meter_no, '43135625624');
      assert.equal(byLine.get('6')!.reason, 'duplicate_contract_no: contract_no LBV-1 already on line 2');
      assert.equal(byLine.get('6')!.contract_no, ' lbv-1 ', 'fields are written as read');
      assert.equal(byLine.get('7')!.reason, 'duplicate_meter_no: meter_no 20481234 already on line 4');
      assert.match(byLine.get('8')!.reason, /^bad_field_count: expected 19 fields as in the header, found 2$/);
      assert.match(byLine.get('9')!.reason, /^non_ascii_digit: meter_no /);
      assert.match(byLine.get('10')!.reason, /^bad_category: .*; bad_phone: phone 011 72 34 56: /);
      assert.match(byLine.get('11')!.reason, /^bad_text: holder_name /);
      assert.equal(byLine.get('11')!.holder_name, 'MBA\nPaul');
      assert.deepEqual(Object.keys(r[0]), ['line', 'reason', ...REGISTRY_COLUMNS, 'comment']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${thread}] files that are not a registry are refused before anything is written`, async () => {
    const dir = tempDir();
    try {
      const cases: [string, string | Buffer | null, string, RegExp][] = [
        ['missing.csv', null, 'file_missing', /no such file/],
        ['folder.csv', null, 'not_a_file', /is not a file \(it is a directory\)/],
        ['empty.csv', '', 'not_csv', /empty/],
        ['photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'not_csv', /binary/],
        ['book.csv', Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), 'not_csv', /Excel/],
        ['utf16.csv', Buffer.from(`\ufeff${HEADER}\n`, 'utf16le'), 'not_csv', /UTF-16/],
        ['latin1.csv', Buffer.from(`${HEADER}\n${prepaid('LBV-1').replace('Akébé', 'Ak\u00e9b\u00e9')}\n`, 'latin1'), 'not_csv', /not UTF-8/],
        ['noheader.csv', `${prepaid('LBV-1')}\n`, 'bad_header', /line 1 is not a registry header: missing columns contract_no, meter_no/],
        ['nophone.csv', `${HEADER.replace(',phone', '')}\n`, 'bad_header', /missing column phone \(found/],
        ['twice.csv', `${HEADER},meter_no\n`, 'bad_header', /repeated column meter_no/],
        ['json.csv', '{"contract_no": "LBV-1"}\n', 'bad_header', /missing columns/],
      ];
      mkdirSync(join(dir, 'folder.csv'));
      for (const [name, content, code, message] of cases) {
        const file = join(dir, name);
        if (content !== null) writeFileSync(file, content);
        const sink = new MemorySink();
        await assert.rejects(importRegistry(file, sink, opts), (e: unknown) => {
          assert.ok(e instanceof RegistryFileError, `${name}: ${String(e)}`);
          assert.equal(e.code, code, name);
          assert.match(e.message, message, name);
          return true;
        });
        assert.equal(sink.batches, 0, name);
        assert.equal(existsSync(`${file}.rejects.csv`), false, name);
      }
      assert.deepEqual(readdirSync(dir).filter((f) => f.includes('rejects')), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${thread}] a file broken midway stops at its line, says why, what was imported before, and that re-importing is safe`, async () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'registry.csv');
      const tail = (n: number) => Array.from({ length: n }, (_, i) => water(`POG-${i + 10}`, String(30561300 + i))).join('\n');
      const head = [HEADER, prepaid('LBV-1'), water('LBV-2', '30561234'), water('LBV-2', '30561299')];
      const cases: [string, string, RegExp][] = [
        // A quote left open near the end: the parser reaches the end of the file inside it.
        ['unclosed near the end', [...head, `LBV-3,"20481234,${'x'.repeat(100)}`, tail(5)].join('\n'), /a quoted field opens there and is never closed/],
        // Left open with more than 64 KB after it: the limit is reached inside the quotes.
        ['unclosed, long after', [...head, `LBV-3,"20481234,${'x'.repeat(70_000)}`, tail(50)].join('\n'), /a quoted field opens there and is not closed within 64 KB/],
        // No quote at all, a 20 MB field: not an unclosed quote, a row far too long.
        ['20 MB field', [...head, water('LBV-3', '20481234').replace('ONDO Marie', 'x'.repeat(20 * 1024 * 1024)), tail(5)].join('\n'),
          /the row there is longer than 64 KB, with no quote open: a field far too long/],
      ];
      for (const [name, text, why] of cases) {
        writeFileSync(file, text);
        const sink = new MemorySink();
        await assert.rejects(importRegistry(file, sink, opts), (e: unknown) => {
          assert.ok(e instanceof RegistryFileError, name);
          assert.equal(e.code, 'malformed_csv', name);
          assert.match(e.message, /^.*registry\.csv: stopped at line 5: /, name);
          assert.match(e.message, why, name);
          assert.match(e.message, /The 3 data rows before it were read: 2 imported \(2 added, 0 updated, 0 unchanged\), 1 rejected \(see .*registry\.csv\.rejects\.csv\); nothing from line 5 on was read\. Fix the file and import it again: re-importing is safe \(rows are upserted by contract_no\)\.$/, name);
          assert.deepEqual({ ...e.partial, problem: undefined }, { line: 5, problem: undefined, read: 3, added: 2, updated: 0, unchanged: 0, rejected: 1 }, name);
          return true;
        });
        assert.deepEqual([...sink.rows.keys()], ['LBV-1', 'LBV-2'], `${name}: the rows before the break are imported`);
        const rejects = rejectsOf(file);
        assert.match(rejects.at(-1)!.reason, /^malformed_csv: /, name);
        assert.equal(rejects.at(-1)!.line, '5', name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${thread}] a store failure stops the import, propagates, and leaves no rejects file behind`, async () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'registry.csv');
      const rows = Array.from({ length: 30 }, (_, i) => water(`POG-${i}`, String(30561300 + i)));
      writeFileSync(file, [HEADER, 'bad,row', ...rows].join('\n'));
      const sink: SubscriberSink = { upsertBatch: () => Promise.reject(new Error('disk full')) };
      await assert.rejects(importRegistry(file, sink, { ...opts, batchSize: 10 }), /disk full/);
      assert.deepEqual(readdirSync(dir), ['registry.csv']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('into SQLite: added, then updated or unchanged by contract', async () => {
  const dir = tempDir();
  const db = openSqlite(join(dir, 'guichet.db'));
  try {
    const repo = new SqliteSubscriberRepo(db);
    const file = join(dir, 'registry.csv');
    const many = Array.from({ length: 2_500 }, (_, i) => water(`POG-${i}`, String(30_000_000 + i)));
    writeFileSync(file, [HEADER, prepaid('LBV-1'), postpaid('LBV-2', '20481234'), ...many].join('\n'));
    const first = await importRegistry(file, repo, { progress: false, batchSize: 1_000 });
    assert.deepEqual([first.read, first.added, first.updated, first.unchanged, first.rejected], [2_502, 2_502, 0, 0, 0]);
    assert.equal(repo.count(), 2_502);

    writeFileSync(file, [HEADER, prepaid('LBV-1'), postpaid('LBV-2', '20481234').replace('210', '250'),
      ...many.slice(0, 1_500), postpaid('LBV-9', '20481234'), water('POG-1600', '30999998'), water('NEW-1', '30999999')].join('\n'));
    const second = await importRegistry(file, repo, { progress: false, batchSize: 1_000 });
    assert.deepEqual([second.read, second.added, second.updated, second.unchanged, second.rejected], [1_505, 1, 2, 1_501, 1]);
    assert.equal(repo.findByContract('LBV-2')?.avg_monthly_use, 250);
    assert.equal(repo.findByMeter('30999998')?.contract_no, 'POG-1600', 'a contract may change its meter');
    const [reject] = rejectsOf(file);
    assert.equal(reject.line, '1504');
    assert.equal(reject.reason, 'duplicate_meter_no: meter_no 20481234 already on line 3');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('into SQLite: a meter belonging to another stored contract is refused by the store, with the line of the row', async () => {
  const dir = tempDir();
  const db = openSqlite(join(dir, 'guichet.db'));
  try {
    const repo = new SqliteSubscriberRepo(db);
    const file = join(dir, 'registry.csv');
    writeFileSync(file, [HEADER, water('POG-1', '30561234')].join('\n'));
    await importRegistry(file, repo, { progress: false });
    const filler = Array.from({ length: 25 }, (_, i) => water(`OWE-${i}`, String(30_000_000 + i)));
    writeFileSync(file, [HEADER, ...filler, water('POG-2', '30561234'), water('POG-3', '30561235')].join('\n'));
    const s = await importRegistry(file, repo, { progress: false, batchSize: 10 });
    assert.deepEqual([s.added, s.rejected], [26, 1]);
    const [r] = rejectsOf(file);
    assert.equal(r.line, '27');
    assert.equal(r.reason, 'meter_conflict: meter_no 30561234 already belongs to contract POG-1');
    assert.equal(r.contract_no, 'POG-2');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
