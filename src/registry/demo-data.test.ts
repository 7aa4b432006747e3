/** @module Tests: demo registries retain exactly N and M in phase-1, look like Gabon, validate, and repeat byte for byte. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { REGISTRY_COLUMNS, type Subscriber } from '../domain/subscriber.js';
import { builtinProgramme, decide, evaluateRule } from '../programmes/index.js';
import { demoPlan, generateDemoRegistry, writeDemoRegistryCsv } from './demo-data.js';
import { AGENCIES } from './demo-places.js';
import { validateRecord } from './validate.js';

/** The built-in programme's phase-1 rules (gratuite-2020), written out independently of src/programmes. */
function phase1(s: Subscriber): boolean {
  if (s.category !== 'particulier') return false;
  if (s.service === 'water') return true;
  return (s.tariff === 'social' && (s.power_kw === 1 || s.power_kw === 2))
    || (s.tariff === 'general' && (s.power_kw === 3 || s.power_kw === 6));
}
function phase2(s: Subscriber): boolean {
  if (s.category !== 'particulier') return false;
  if (s.service === 'water') return s.avg_monthly_use <= 15;
  return s.tariff === 'social' && s.power_kw !== null && s.power_kw <= 3;
}

const N = 4_000;
const M = 2_500;
const rows = [...generateDemoRegistry({ electricity: N, water: M, seed: 'test' })];

test('phase-1 retains exactly N electricity and M water subscribers, plus at least 15% more rows it does not', () => {
  const retained = rows.filter(phase1);
  assert.equal(retained.filter((s) => s.service === 'electricity').length, N);
  assert.equal(retained.filter((s) => s.service === 'water').length, M);
  const others = rows.length - retained.length;
  assert.ok(others >= 0.15 * (N + M), `${others} rows not retained`);
  assert.equal(rows.length, demoPlan({ electricity: N, water: M }).rows);
});

test('about 22% of the retained electricity subscribers are on STS prepaid meters, as 55,000 of 248,200 were', () => {
  const prepaid = rows.filter((s) => phase1(s) && s.service === 'electricity' && s.metering === 'prepaid').length;
  assert.equal(prepaid, Math.round((N * 55_000) / 248_200));
  assert.equal(demoPlan({ electricity: 248_200, water: 152_734 }).prepaidElectricity, 55_000);
});

test('the programmes module agrees: phase-1 by decide(), phase-2 by its rules', () => {
  const programme = builtinProgramme();
  let e = 0;
  let w = 0;
  for (const s of rows) {
    const d = decide(programme, 'phase-1', s);
    assert.equal(d.retained, phase1(s), `${s.contract_no}`);
    if (d.retained && s.service === 'electricity') e++;
    if (d.retained && s.service === 'water') w++;
  }
  assert.deepEqual([e, w], [N, M]);
  const p2 = programme.cycles.find((c) => c.id === 'phase-2')!;
  for (const s of rows) {
    const benefit = p2.benefits.find((b) => b.service === s.service);
    assert.equal(benefit !== undefined && evaluateRule(benefit.rule, s), phase2(s), s.contract_no);
  }
});

test('phase-2 keeps some phase-1 subscribers, refuses others, and takes some phase-1 refuses', () => {
  for (const service of ['electricity', 'water'] as const) {
    const of = rows.filter((s) => s.service === service);
    const both = of.filter((s) => phase1(s) && phase2(s)).length;
    const onlyFirst = of.filter((s) => phase1(s) && !phase2(s)).length;
    assert.ok(both > of.length * 0.1 && onlyFirst > of.length * 0.1, `${service}: ${both} in both, ${onlyFirst} phase-1 only`);
  }
  assert.ok(rows.filter((s) => !phase1(s) && phase2(s)).length > 0, 'social 3 kW: phase-2 only');
});

test('every row is a valid registry row; contract and meter numbers are unique', () => {
  const contracts = new Set<string>();
  const meters = new Set<string>();
  for (const s of rows) {
    const record = Object.fromEntries(REGISTRY_COLUMNS.map((c) => [c, s[c] === null ? '' : String(s[c])]));
    const v = validateRecord(record);
    assert.ok(v.ok, `${s.contract_no}: ${v.ok ? '' : JSON.stringify(v.reasons)}`);
    assert.deepEqual(v.subscriber, s);
    contracts.add(s.contract_no);
    meters.add(s.meter_no);
  }
  assert.equal(contracts.size, rows.length);
  assert.equal(meters.size, rows.length);
});

test('it looks like Gabon: agencies and districts, names, +241 mobiles on most rows, STS data on prepaid ones', () => {
  const agencies = new Set(rows.map((s) => s.agency));
  assert.ok(agencies.size >= 12, [...agencies].join());
  for (const s of rows) {
    const a = AGENCIES.find((x) => x.name === s.agency)!;
    assert.ok(a.districts.includes(s.district), `${s.district} in ${s.agency}`);
    assert.ok(s.contract_no.startsWith(`${a.code}-`));
  }
  assert.ok(rows.some((s) => s.district === 'Nzeng-Ayong') && rows.some((s) => s.district === 'Balise'));
  assert.ok(rows.some((s) => /^(OBAME|NGUEMA|NDONG|MBA|MOUSSAVOU) /.test(s.holder_name)));
  const phones = rows.filter((s) => s.phone !== null);
  assert.ok(phones.length > rows.length * 0.7 && phones.length < rows.length);
  assert.ok(phones.every((s) => /^\+241(62|65|66|74|76|77)\d{6}$/.test(s.phone!)));
  const prepaid = rows.filter((s) => s.metering === 'prepaid');
  const long = prepaid.filter((s) => s.meter_no.length === 13);
  assert.ok(long.length > 0 && long.length < prepaid.length * 0.2, `${long.length} 13-digit meters`);
  assert.ok(long.every((s) => s.sts_iin === '0000'));
  assert.ok(prepaid.filter((s) => s.meter_no.length === 11).every((s) => s.sts_iin === '600727'));
  // 1993-based token ids ran out on 2024-11-24: a demo issuing today needs meters re-keyed to 2014.
  assert.ok(prepaid.every((s) => s.sts_base_date === '2014-01-01'));
  assert.ok(prepaid.every((s) => s.sts_kt === '02' && /^\d{6}$/.test(s.sts_sgc!)));
  assert.ok(prepaid.some((s) => s.service === 'water'), 'STS water meters too');
  assert.ok(rows.some((s) => s.holder_name.includes(',')), 'some names need CSV quoting');
});

test('same arguments and seed, same bytes; another seed, another file; the CSV reads back as the same rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-demo-'));
  try {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const c = join(dir, 'c.csv');
    const plan = await writeDemoRegistryCsv(a, { electricity: 900, water: 400, seed: 7 });
    await writeDemoRegistryCsv(b, { electricity: 900, water: 400, seed: '7' });
    await writeDemoRegistryCsv(c, { electricity: 900, water: 400, seed: 8 });
    const bytes = readFileSync(a);
    assert.ok(bytes.equals(readFileSync(b)));
    assert.ok(!bytes.equals(readFileSync(c)));
    const records = parse(bytes, { columns: true }) as Record<string, string>[];
    assert.equal(records.length, plan.rows);
    const again = [...generateDemoRegistry({ electricity: 900, water: 400, seed: 7 })];
    records.forEach((r, i) => {
      const v = validateRecord(r);
      assert.ok(v.ok);
      assert.deepEqual(v.subscriber, again[i]);
    });
    assert.ok(bytes.toString('utf8').startsWith(`${REGISTRY_COLUMNS.join(',')}\n`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('counts that are not whole numbers are refused', () => {
  assert.throws(() => demoPlan({ electricity: -1, water: 0 }), RangeError);
  assert.throws(() => demoPlan({ electricity: 1.5, water: 0 }), RangeError);
  assert.deepEqual([...generateDemoRegistry({ electricity: 0, water: 0 })], []);
});
