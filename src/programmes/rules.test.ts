/** @module Tests: every operator, null handling, all/any/not nesting, and which condition `explain` names. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../domain/programme.js';
import { compileRule, evaluateRule } from './rules.js';
import { sub, water } from './test-support/fixtures.js';

const ev = evaluateRule;

describe('leaf operators', () => {
  it('eq / ne on text, enum and numbers', () => {
    assert.equal(ev({ field: 'tariff', op: 'eq', value: 'social' }, sub()), true);
    assert.equal(ev({ field: 'tariff', op: 'eq', value: 'general' }, sub()), false);
    assert.equal(ev({ field: 'tariff', op: 'ne', value: 'general' }, sub()), true);
    assert.equal(ev({ field: 'power_kw', op: 'eq', value: 1 }, sub()), true);
    assert.equal(ev({ field: 'power_kw', op: 'ne', value: 1 }, sub()), false);
    assert.equal(ev({ field: 'agency', op: 'eq', value: 'Owendo' }, sub()), true);
    assert.equal(ev({ field: 'agency', op: 'eq', value: 'owendo' }, sub()), false, 'exact, case-sensitive');
  });

  it('eq / ne null match empty (and missing) fields only', () => {
    assert.equal(ev({ field: 'power_kw', op: 'eq', value: null }, water()), true);
    assert.equal(ev({ field: 'power_kw', op: 'eq', value: null }, sub()), false);
    assert.equal(ev({ field: 'phone', op: 'ne', value: null }, sub()), true);
    assert.equal(ev({ field: 'phone', op: 'ne', value: null }, sub({ phone: null })), false);
    const missing = { ...sub() } as Record<string, unknown>;
    delete missing.power_kw;
    assert.equal(ev({ field: 'power_kw', op: 'eq', value: null }, missing as never), true);
  });

  it('in / not_in', () => {
    const r: Rule = { field: 'power_kw', op: 'in', values: [1, 2] };
    assert.deepEqual([1, 2, 3, 6].map((kw) => ev(r, sub({ power_kw: kw }))), [true, true, false, false]);
    assert.equal(ev(r, water()), false, 'null is in no set');
    const n: Rule = { field: 'category', op: 'not_in', values: ['professionnel', 'administration'] };
    assert.equal(ev(n, sub()), true);
    assert.equal(ev(n, sub({ category: 'administration' })), false);
    assert.equal(ev({ field: 'power_kw', op: 'not_in', values: [4] }, water()), true, 'null is outside every set');
    assert.equal(ev({ field: 'power_kw', op: 'in', values: ['1'] } as never, sub()), false, 'no type coercion');
  });

  it('lt / lte / gt / gte at, below and above the bound', () => {
    const at = (op: 'lt' | 'lte' | 'gt' | 'gte', kw: number) => ev({ field: 'power_kw', op, value: 3 }, sub({ power_kw: kw }));
    assert.deepEqual([2, 3, 4].map((kw) => at('lt', kw)), [true, false, false]);
    assert.deepEqual([2, 3, 4].map((kw) => at('lte', kw)), [true, true, false]);
    assert.deepEqual([2, 3, 4].map((kw) => at('gt', kw)), [false, false, true]);
    assert.deepEqual([2, 3, 4].map((kw) => at('gte', kw)), [false, true, true]);
    assert.equal(ev({ field: 'avg_monthly_use', op: 'lte', value: 15 }, water({ avg_monthly_use: 15.0001 })), false);
  });

  it('comparisons never retain an empty field', () => {
    for (const op of ['lt', 'lte', 'gt', 'gte'] as const) assert.equal(ev({ field: 'power_kw', op, value: 3 }, water()), false, op);
    assert.equal(ev({ field: 'power_kw', op: 'between', min: 0, max: 100 }, water()), false);
  });

  it('between is inclusive at both ends', () => {
    const r: Rule = { field: 'avg_monthly_use', op: 'between', min: 5, max: 15 };
    assert.deepEqual([4.9, 5, 10, 15, 15.1].map((u) => ev(r, water({ avg_monthly_use: u }))), [false, true, true, true, false]);
  });
});

describe('all / any / not', () => {
  const social12: Rule = { all: [{ field: 'tariff', op: 'eq', value: 'social' }, { field: 'power_kw', op: 'in', values: [1, 2] }] };
  const general36: Rule = { all: [{ field: 'tariff', op: 'eq', value: 'general' }, { field: 'power_kw', op: 'in', values: [3, 6] }] };
  const phase1: Rule = { all: [{ field: 'category', op: 'eq', value: 'particulier' }, { any: [social12, general36] }] };

  it('nest as written', () => {
    assert.equal(ev(phase1, sub({ power_kw: 2 })), true);
    assert.equal(ev(phase1, sub({ tariff: 'general', power_kw: 6 })), true);
    assert.equal(ev(phase1, sub({ tariff: 'general', power_kw: 2 })), false);
    assert.equal(ev(phase1, sub({ category: 'professionnel' })), false);
  });

  it('not inverts, twice is identity, and keeps null semantics under negation', () => {
    const lte3: Rule = { field: 'power_kw', op: 'lte', value: 3 };
    assert.equal(ev({ not: lte3 }, sub({ power_kw: 6 })), true);
    assert.equal(ev({ not: lte3 }, sub({ power_kw: 3 })), false);
    assert.equal(ev({ not: lte3 }, water()), true, 'not(null <= 3) holds, as written');
    assert.equal(ev({ not: { not: lte3 } }, sub({ power_kw: 3 })), true);
    assert.equal(ev({ not: phase1 }, sub({ category: 'professionnel' })), true);
    assert.equal(ev({ not: { any: [social12, general36] } }, sub({ power_kw: 3 })), true);
  });

  it('wide all/any (more than three children) use the generic loop', () => {
    const many = (v: string[]) => v.map((a): Rule => ({ field: 'agency', op: 'ne', value: a }));
    assert.equal(ev({ all: many(['A', 'B', 'C', 'D', 'E']) }, sub()), true);
    assert.equal(ev({ all: many(['A', 'B', 'C', 'D', 'Owendo']) }, sub()), false);
    const eqs = ['A', 'B', 'C', 'D', 'Owendo'].map((a): Rule => ({ field: 'agency', op: 'eq', value: a }));
    assert.equal(ev({ any: eqs }, sub()), true);
    assert.equal(ev({ any: eqs.slice(0, 4) }, sub()), false);
  });

  it('agrees with a naive interpreter on random rules and subscribers', () => {
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const leaves: Rule[] = [
      { field: 'tariff', op: 'eq', value: 'social' }, { field: 'power_kw', op: 'in', values: [1, 2] },
      { field: 'power_kw', op: 'lte', value: 3 }, { field: 'avg_monthly_use', op: 'between', min: 5, max: 15 },
      { field: 'category', op: 'ne', value: 'particulier' }, { field: 'power_kw', op: 'eq', value: null },
    ];
    const gen = (d: number): Rule => {
      const k = d > 3 ? 0 : rnd(4);
      if (k === 0) return leaves[rnd(leaves.length)];
      if (k === 3) return { not: gen(d + 1) };
      const kids = Array.from({ length: 1 + rnd(5) }, () => gen(d + 1));
      return k === 1 ? { all: kids } : { any: kids };
    };
    const naive = (r: Rule, s: Record<string, unknown>): boolean => {
      if ('all' in r) return r.all.every((x) => naive(x, s));
      if ('any' in r) return r.any.some((x) => naive(x, s));
      if ('not' in r) return !naive(r.not, s);
      const x = s[r.field] ?? null;
      switch (r.op) {
        case 'eq': return x === r.value;
        case 'ne': return x !== r.value;
        case 'in': return r.values.includes(x as never);
        case 'not_in': return !r.values.includes(x as never);
        case 'lt': return typeof x === 'number' && x < r.value;
        case 'lte': return typeof x === 'number' && x <= r.value;
        case 'gt': return typeof x === 'number' && x > r.value;
        case 'gte': return typeof x === 'number' && x >= r.value;
        case 'between': return typeof x === 'number' && x >= r.min && x <= r.max;
      }
    };
    const people = [sub(), sub({ power_kw: 3 }), sub({ tariff: 'general', power_kw: 6 }), sub({ category: 'professionnel' }), water({ avg_monthly_use: 12 }), water({ avg_monthly_use: 22 })];
    for (let i = 0; i < 500; i++) {
      const r = gen(0);
      const c = compileRule(r);
      for (const s of people) {
        const want = naive(r, s as unknown as Record<string, unknown>);
        assert.equal(c.test(s), want, JSON.stringify(r));
        // explain names a failure exactly when the rule refuses
        assert.equal(c.explain(s) === null, want, `explain disagrees on ${JSON.stringify(r)}`);
      }
    }
  });
});

describe('explain', () => {
  const phase1 = compileRule({
    all: [
      { field: 'category', op: 'eq', value: 'particulier' },
      { any: [
        { all: [{ field: 'tariff', op: 'eq', value: 'social' }, { field: 'power_kw', op: 'in', values: [1, 2] }] },
        { all: [{ field: 'tariff', op: 'eq', value: 'general' }, { field: 'power_kw', op: 'in', values: [3, 6] }] },
      ] },
    ],
  });

  it('is null when retained', () => {
    assert.equal(phase1.explain(sub()), null);
  });

  it('names the first failing condition of an all', () => {
    const f = phase1.explain(sub({ category: 'professionnel', power_kw: 9 }));
    assert.deepEqual(f, { leaf: { field: 'category', op: 'eq', value: 'particulier' }, negated: false, context: [] });
  });

  it('in an any, follows the alternative the subscriber got furthest in, with what held there as context', () => {
    const social3 = phase1.explain(sub({ power_kw: 3 }));
    assert.deepEqual(social3?.leaf, { field: 'power_kw', op: 'in', values: [1, 2] });
    assert.deepEqual(social3?.context, [{ field: 'tariff', op: 'eq', value: 'social' }]);
    const general4 = phase1.explain(sub({ tariff: 'general', power_kw: 4 }));
    assert.deepEqual(general4?.leaf, { field: 'power_kw', op: 'in', values: [3, 6] });
    assert.deepEqual(general4?.context, [{ field: 'tariff', op: 'eq', value: 'general' }]);
  });

  it('reports a condition under not as negated', () => {
    const f = compileRule({ not: { field: 'power_kw', op: 'gt', value: 3 } }).explain(sub({ power_kw: 6 }));
    assert.deepEqual(f, { leaf: { field: 'power_kw', op: 'gt', value: 3 }, negated: true, context: [] });
  });
});
