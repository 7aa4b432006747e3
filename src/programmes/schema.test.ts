/** @module Tests: parseProgramme accepts the built-in programme and lists every problem of a malformed one, with its JSON path. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import builtin from './gratuite-2020.json' with { type: 'json' };
import { parseProgramme } from './schema.js';
import { builtinProgramme } from './index.js';

const clone = (): any => structuredClone(builtin);
function problems(input: unknown): string[] {
  const r = parseProgramme(input);
  assert.equal(r.ok, false, 'expected a refusal');
  return r.ok ? [] : r.problems;
}
/** Asserts that some problem starts with `path` and matches `re`. */
function has(list: string[], path: string, re: RegExp): void {
  assert.ok(list.some((p) => p.startsWith(path + ':') && re.test(p)), `no problem at ${path} matching ${re} in:\n${list.join('\n')}`);
}

describe('the built-in programme', () => {
  it('parses, and is the 2020 programme as specified', () => {
    const r = parseProgramme(builtin);
    assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
    const p = r.programme;
    assert.equal(p.id, 'gratuite-2020');
    assert.deepEqual(p.cycles.map((c) => [c.id, c.state]), [['phase-1', 'open'], ['phase-2', 'scheduled']]);
    assert.deepEqual(p.cycles.map((c) => c.benefits.map((b) => [b.service, b.amount_fcfa])), [
      [['electricity', 20000], ['water', 15000]], [['electricity', 20000], ['water', 15000]],
    ]);
    assert.ok(p.cycles[0].budget_fcfa! >= 248_200 * 20_000 + 152_734 * 15_000);
    assert.match(p.cycles[0].label, /^Phase 1 — avril 2020$/);
  });

  it('builtinProgramme returns a fresh copy each time', () => {
    const a = builtinProgramme();
    a.cycles[0].state = 'closed';
    assert.equal(builtinProgramme().cycles[0].state, 'open');
  });

  it('round-trips: what it returns parses to itself', () => {
    const p = builtinProgramme();
    const again = parseProgramme(JSON.parse(JSON.stringify(p)));
    assert.ok(again.ok);
    assert.deepEqual(again.programme, p);
  });
});

describe('a malformed programme', () => {
  it('is refused with every problem at once, each with its JSON path', () => {
    const p = clone();
    p.id = 'Gratuité 2020';
    delete p.prices.water.general;
    p.prices.electricity.social = -48;
    p.cycles[1].id = 'phase-1';
    p.cycles[0].state = 'ouvert';
    p.cycles[0].budget = p.cycles[0].budget_fcfa; // a misspelt key: reported, not silently "no ceiling"
    delete p.cycles[0].budget_fcfa;
    p.cycles[0].opens_at = '2020-02-30';
    p.cycles[0].benefits[0].amount_fcfa = 20000.5;
    p.cycles[0].benefits[1].service = 'electricity';
    const rule = p.cycles[0].benefits[0].rule;
    rule.all[0].field = 'categorie';
    rule.all[1].any[0].all[1].op = '<=';
    rule.all[1].any[1].all[0].value = 'generale';
    p.cycles[1].benefits[0].rule.all[2].value = '3';
    p.cycles[1].benefits[1].amount_fcfa = 0;
    const list = problems(p);
    has(list, '$.id', /not a valid id/);
    has(list, '$.prices.water.general', /missing price/);
    has(list, '$.prices.electricity.social', /positive number/);
    has(list, '$.cycles[1].id', /duplicate cycle id "phase-1" \(also \$\.cycles\[0\]\)/);
    has(list, '$.cycles[0].state', /one of scheduled, open, closed \(got "ouvert"\)/);
    has(list, '$.cycles[0].budget', /unknown key/);
    has(list, '$.cycles[0].budget_fcfa', /missing/);
    has(list, '$.cycles[0].opens_at', /ISO 8601/);
    has(list, '$.cycles[0].benefits[0].amount_fcfa', /whole number/);
    has(list, '$.cycles[0].benefits[1].service', /already has a benefit/);
    has(list, '$.cycles[0].benefits[0].rule.all[0].field', /unknown field "categorie" \(did you mean category\?\)/);
    has(list, '$.cycles[0].benefits[0].rule.all[1].any[0].all[1].op', /unknown operator "<="/);
    has(list, '$.cycles[0].benefits[0].rule.all[1].any[1].all[0].value', /"generale" is not a tariff/);
    has(list, '$.cycles[1].benefits[0].rule.all[2].value', /must be a number/);
    has(list, '$.cycles[1].benefits[1].amount_fcfa', /positive/);
    assert.equal(list.length, 15, list.join('\n'));
  });

  it('not an object, no cycles, empty benefits', () => {
    assert.deepEqual(problems([]), ['$: a programme must be a JSON object']);
    assert.deepEqual(problems(null), ['$: a programme must be a JSON object']);
    const list = problems({ id: 'x', name: 'X', prices: clone().prices, cycles: [] });
    has(list, '$.cycles', /non-empty/);
    const p = clone();
    p.cycles[0].benefits = [];
    has(problems(p), '$.cycles[0].benefits', /non-empty/);
  });

  it('value types must suit the field', () => {
    const p = clone();
    const leaf = (r: object) => { p.cycles[0].benefits[1].rule = r; return problems(p); };
    has(leaf({ field: 'tariff', op: 'lte', value: 3 }), '$.cycles[0].benefits[1].rule.op', /compares numbers; tariff is a text field/);
    has(leaf({ field: 'power_kw', op: 'in', values: [1, '2'] }), '$.cycles[0].benefits[1].rule.values[1]', /power_kw is a number/);
    has(leaf({ field: 'power_kw', op: 'in', values: [] }), '$.cycles[0].benefits[1].rule.values', /non-empty/);
    has(leaf({ field: 'agency', op: 'eq', value: 5 }), '$.cycles[0].benefits[1].rule.value', /text field/);
    has(leaf({ field: 'category', op: 'eq', value: null }), '$.cycles[0].benefits[1].rule.value', /never empty/);
    has(leaf({ field: 'power_kw', op: 'between', min: 6, max: 1 }), '$.cycles[0].benefits[1].rule', /min \(6\) is greater than max \(1\)/);
    has(leaf({ field: 'power_kw', op: 'between', min: 1 }), '$.cycles[0].benefits[1].rule.max', /missing/);
    has(leaf({ field: 'power_kw', op: 'eq', values: [1] }), '$.cycles[0].benefits[1].rule.values', /unknown key \(operator eq takes value\)/);
    has(leaf({ all: [], field: 'x' }), '$.cycles[0].benefits[1].rule', /mixes all and field/);
    has(leaf({ any: [] }), '$.cycles[0].benefits[1].rule.any', /non-empty array/);
    has(leaf({ not: 'x' }), '$.cycles[0].benefits[1].rule.not', /must be an object/);
    has(leaf({ foo: 1 }), '$.cycles[0].benefits[1].rule', /is not a rule/);
    // Nulls are fine on nullable fields:
    p.cycles[0].benefits[1].rule = { not: { field: 'power_kw', op: 'eq', value: null } };
    assert.equal(parseProgramme(p).ok, true);
  });

  it('dates, budgets, wording and prices', () => {
    const p = clone();
    p.cycles[0].opens_at = '2020-05-01';
    p.cycles[0].closes_at = '2020-04-01T00:00:00+01:00';
    p.cycles[1].opens_at = '2020-05-01T08:00:00';
    p.cycles[1].budget_fcfa = 10000;
    p.cycles[1].wording = { fr: '' };
    p.prices.water.social = 280.0001;
    p.prices.water.tariff_x = 3;
    const list = problems(p);
    has(list, '$.cycles[0].closes_at', /after opens_at/);
    has(list, '$.cycles[1].opens_at', /with offset/);
    has(list, '$.cycles[1].budget_fcfa', /less than one credit/);
    has(list, '$.cycles[1].wording.fr', /non-empty/);
    has(list, '$.cycles[1].wording.en', /missing/);
    has(list, '$.prices.water.social', /at most 3 decimals/);
    has(list, '$.prices.water.tariff_x', /unknown key/);
  });

  it('an amount that buys less than 0.1 unit is refused', () => {
    const p = clone();
    p.cycles[0].benefits[1].amount_fcfa = 30; // 30 FCFA at 495 FCFA/m³: 0.06 m³
    has(problems(p), '$.cycles[0].benefits[1].amount_fcfa', /less than 0.1 m3 at the general tariff/);
  });

  it('deep nesting is refused, not a stack overflow', () => {
    let r: object = { field: 'tariff', op: 'eq', value: 'social' };
    for (let i = 0; i < 10_000; i++) r = { not: r };
    const p = clone();
    p.cycles[0].benefits[1].rule = r;
    assert.ok(problems(p).some((x) => /nested more than 32/.test(x)));
  });

  it('odd keys are quoted in paths, and a flood of problems is capped', () => {
    const p = clone();
    p['bad key"'] = 1;
    has(problems(p), '$["bad key\\""]', /unknown key/);
    p.cycles[0].benefits[1].rule = { field: 'power_kw', op: 'in', values: Array.from({ length: 2000 }, () => 'x') };
    const list = problems(p);
    assert.equal(list.length, 501);
    assert.match(list[500], /more problems/);
  });
});
