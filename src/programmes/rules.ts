/** @module Rule evaluation: a rule tree is compiled once into closures (claim hot path) and can explain which condition failed. */
import type { Rule } from '../domain/programme.js';
import type { Subscriber } from '../domain/subscriber.js';

export type Predicate = (s: Subscriber) => boolean;
/** A rule that compares one field (no `all`/`any`/`not`). */
export type Leaf = Extract<Rule, { field: string }>;

/**
 * The condition that turned a subscriber away. `negated`: it sat under an odd number of `not`, so it failed by
 * holding. `context`: conditions that did hold beside it in the alternative (`any` branch) the subscriber came
 * closest to, e.g. `tariff = social` when a social 3 kW meter misses "social and 1 or 2 kW".
 */
export interface FailedCondition {
  leaf: Leaf;
  negated: boolean;
  context: Leaf[];
}

export interface CompiledRule {
  test: Predicate;
  /** null when the subscriber is retained; only called on refusals, so it may walk the tree. */
  explain(s: Subscriber): FailedCondition | null;
}

/**
 * Negations are pushed down to the leaves (De Morgan) so `explain` can name a single leaf. A negated leaf keeps its
 * original predicate and inverts it, so null fields behave exactly as under the `not` the operator wrote.
 */
type Node = { kind: 'all' | 'any'; children: Node[] } | { kind: 'leaf'; leaf: Leaf; negated: boolean; test: Predicate };

export function compileRule(rule: Rule): CompiledRule {
  const tree = normalise(rule, false);
  return { test: toPredicate(tree), explain: (s) => trace(tree, s).failure };
}

/** Evaluate once without keeping the compiled form (tests, tools); the claim path keeps `compileRule`'s result. */
export function evaluateRule(rule: Rule, s: Subscriber): boolean {
  return compileRule(rule).test(s);
}

function normalise(rule: Rule, negated: boolean): Node {
  if ('all' in rule) return { kind: negated ? 'any' : 'all', children: rule.all.map((r) => normalise(r, negated)) };
  if ('any' in rule) return { kind: negated ? 'all' : 'any', children: rule.any.map((r) => normalise(r, negated)) };
  if ('not' in rule) return normalise(rule.not, !negated);
  return { kind: 'leaf', leaf: rule, negated, test: compileLeaf(rule) };
}

function compileLeaf(leaf: Leaf): Predicate {
  const f = leaf.field as keyof Subscriber;
  switch (leaf.op) {
    case 'eq':
    case 'ne': {
      const v = leaf.value;
      // A missing value (undefined) counts as null: a registry row without power_kw "has no power".
      const eq: Predicate = v === null ? (s) => s[f] == null : (s) => s[f] === v;
      return leaf.op === 'eq' ? eq : (s) => !eq(s);
    }
    case 'in':
    case 'not_in': {
      const set = new Set<unknown>(leaf.values);
      return leaf.op === 'in' ? (s) => set.has(s[f]) : (s) => !set.has(s[f]);
    }
    case 'lt': { const v = leaf.value; return (s) => { const x = s[f]; return typeof x === 'number' && x < v; }; }
    case 'lte': { const v = leaf.value; return (s) => { const x = s[f]; return typeof x === 'number' && x <= v; }; }
    case 'gt': { const v = leaf.value; return (s) => { const x = s[f]; return typeof x === 'number' && x > v; }; }
    case 'gte': { const v = leaf.value; return (s) => { const x = s[f]; return typeof x === 'number' && x >= v; }; }
    case 'between': {
      const { min, max } = leaf;
      return (s) => { const x = s[f]; return typeof x === 'number' && x >= min && x <= max; };
    }
  }
}

function toPredicate(node: Node): Predicate {
  if (node.kind === 'leaf') {
    const t = node.test;
    return node.negated ? (s) => !t(s) : t;
  }
  const ps = node.children.map(toPredicate);
  // Fixed-arity closures for the common small cases: no loop, no iterator, on every claim.
  if (node.kind === 'all') {
    if (ps.length === 0) return () => true;
    if (ps.length === 1) return ps[0];
    if (ps.length === 2) { const [a, b] = ps; return (s) => a(s) && b(s); }
    if (ps.length === 3) { const [a, b, c] = ps; return (s) => a(s) && b(s) && c(s); }
    return (s) => { for (let i = 0; i < ps.length; i++) if (!ps[i](s)) return false; return true; };
  }
  if (ps.length === 0) return () => false;
  if (ps.length === 1) return ps[0];
  if (ps.length === 2) { const [a, b] = ps; return (s) => a(s) || b(s); }
  if (ps.length === 3) { const [a, b, c] = ps; return (s) => a(s) || b(s) || c(s); }
  return (s) => { for (let i = 0; i < ps.length; i++) if (ps[i](s)) return true; return false; };
}

/** `held`: the plain (non-negated) conditions that held, in order, up to the failure; they become the context. */
interface Trace { failure: FailedCondition | null; held: Leaf[] }

function trace(node: Node, s: Subscriber): Trace {
  if (node.kind === 'leaf') {
    const holds = node.test(s) !== node.negated;
    if (holds) return { failure: null, held: node.negated ? [] : [node.leaf] };
    return { failure: { leaf: node.leaf, negated: node.negated, context: [] }, held: [] };
  }
  if (node.kind === 'all') {
    const held: Leaf[] = [];
    for (const child of node.children) {
      const t = trace(child, s);
      held.push(...t.held);
      if (t.failure) return { failure: t.failure, held };
    }
    return { failure: null, held };
  }
  // `any` failed only if every alternative failed: explain the one the subscriber got furthest in.
  let best: Trace | null = null;
  for (const child of node.children) {
    const t = trace(child, s);
    if (!t.failure) return t;
    if (!best || t.held.length > best.held.length) best = t;
  }
  if (!best?.failure) return { failure: null, held: [] };
  const failure = best.failure.context.length ? best.failure : { ...best.failure, context: best.held };
  return { failure, held: best.held };
}
