/** @module Validation of one eligibility rule: every problem found, each with its JSON path, and the rule rebuilt from checked parts. */
import type { Rule } from '../domain/programme.js';
import { RULE_FIELDS, isRuleField } from './fields.js';
import type { FieldKind } from './fields.js';
import { isObject, unknownKeys } from './schema-util.js';
import type { Problems } from './schema-util.js';

const OPS = ['eq', 'ne', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'between'] as const;
type Op = (typeof OPS)[number];
/** The operand keys each operator takes. */
const OPERANDS: Record<Op, string[]> = {
  eq: ['value'], ne: ['value'], in: ['values'], not_in: ['values'],
  lt: ['value'], lte: ['value'], gt: ['value'], gte: ['value'], between: ['min', 'max'],
};
/** Deep enough for any real programme, shallow enough that a hostile file cannot blow the stack. */
const MAX_DEPTH = 32;
const MAX_VALUES = 10_000;
const SHAPE = 'a rule is {"all": [rules]}, {"any": [rules]}, {"not": rule} or {"field", "op", ...}';

export function checkRule(v: unknown, path: string, problems: Problems, depth = 0): Rule | undefined {
  if (depth > MAX_DEPTH) return void problems.add(path, `rules are nested more than ${MAX_DEPTH} levels deep`);
  if (!isObject(v)) return void problems.add(path, `must be an object: ${SHAPE}`);
  const kinds = ['all', 'any', 'not', 'field'].filter((k) => k in v || (k === 'field' && 'op' in v));
  if (kinds.length !== 1) {
    return void problems.add(path, kinds.length ? `mixes ${kinds.join(' and ')}: ${SHAPE}` : `is not a rule: ${SHAPE}`);
  }
  const kind = kinds[0];
  if (kind === 'all' || kind === 'any') {
    unknownKeys(v, [kind], path, problems);
    const list = v[kind];
    if (!Array.isArray(list) || list.length === 0) return void problems.add(`${path}.${kind}`, 'must be a non-empty array of rules');
    const children = list.map((r, i) => checkRule(r, `${path}.${kind}[${i}]`, problems, depth + 1));
    if (children.some((c) => c === undefined)) return undefined;
    return (kind === 'all' ? { all: children } : { any: children }) as Rule;
  }
  if (kind === 'not') {
    unknownKeys(v, ['not'], path, problems);
    const inner = checkRule(v.not, `${path}.not`, problems, depth + 1);
    return inner && { not: inner };
  }
  return checkLeaf(v, path, problems);
}

function checkLeaf(v: Record<string, unknown>, path: string, problems: Problems): Rule | undefined {
  const before = problems.count;
  const field = v.field;
  let kind: FieldKind | undefined;
  if (typeof field !== 'string') problems.add(`${path}.field`, 'must be the name of a subscriber field (a registry column)');
  else if (!isRuleField(field)) problems.add(`${path}.field`, `unknown field "${field}"${suggest(field)} (allowed: ${Object.keys(RULE_FIELDS).join(', ')})`);
  else kind = RULE_FIELDS[field];
  const op = v.op;
  if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) {
    problems.add(`${path}.op`, `unknown operator ${JSON.stringify(op ?? null)} (allowed: ${OPS.join(', ')})`);
    unknownKeys(v, ['field', 'op', 'value', 'values', 'min', 'max'], path, problems);
    return undefined;
  }
  const o = op as Op;
  unknownKeys(v, ['field', 'op', ...OPERANDS[o]], path, problems, `operator ${o} takes ${OPERANDS[o].join(' and ')}`);
  for (const k of OPERANDS[o]) if (!(k in v)) problems.add(`${path}.${k}`, `missing: operator ${o} needs ${OPERANDS[o].join(' and ')}`);
  const name = String(field);
  if (o === 'eq' || o === 'ne') {
    if ('value' in v) checkValue(v.value, kind, name, `${path}.value`, problems, true);
  } else if (o === 'in' || o === 'not_in') {
    if ('values' in v) {
      const vs = v.values;
      if (!Array.isArray(vs) || vs.length === 0) problems.add(`${path}.values`, 'must be a non-empty array');
      else if (vs.length > MAX_VALUES) problems.add(`${path}.values`, `has ${vs.length} entries, at most ${MAX_VALUES}`);
      else vs.forEach((x, i) => checkValue(x, kind, name, `${path}.values[${i}]`, problems, false));
    }
  } else {
    if (kind && kind.type !== 'number') problems.add(`${path}.op`, `operator ${o} compares numbers; ${name} is a text field (use eq, ne, in or not_in)`);
    for (const k of OPERANDS[o]) if (k in v && !isNumber(v[k])) problems.add(`${path}.${k}`, `must be a number (got ${describe(v[k])})`);
    if (o === 'between' && isNumber(v.min) && isNumber(v.max) && v.min > v.max) {
      problems.add(`${path}`, `between: min (${v.min}) is greater than max (${v.max})`);
    }
  }
  if (problems.count > before) return undefined;
  const leaf: Record<string, unknown> = { field, op };
  for (const k of OPERANDS[o]) leaf[k] = Array.isArray(v[k]) ? [...(v[k] as unknown[])] : v[k];
  return leaf as Rule;
}

/** A value compared with `field` must be of the field's kind: an enum member, a number, a text; null only where the column may be empty. */
function checkValue(x: unknown, kind: FieldKind | undefined, field: string, path: string, problems: Problems, nullOk: boolean): void {
  if (x === null) {
    if (!nullOk) problems.add(path, 'null is not a value to list; use eq/ne null');
    else if (kind && !kind.nullable) problems.add(path, `${field} is never empty, so a null here would be a mistake`);
    return;
  }
  if (!kind) {
    if (typeof x !== 'string' && !isNumber(x)) problems.add(path, `must be a text or a number (got ${describe(x)})`);
    return;
  }
  if (kind.type === 'number') {
    if (!isNumber(x)) problems.add(path, `${field} is a number; got ${describe(x)}`);
  } else if (typeof x !== 'string') {
    problems.add(path, `${field} is a text field; got ${describe(x)}`);
  } else if (kind.type === 'enum' && !kind.values.includes(x)) {
    problems.add(path, `"${x}" is not a ${field} (allowed: ${kind.values.join(', ')})`);
  }
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (typeof x === 'object') return 'an object';
  return String(x);
}

/** " (did you mean power_kw?)" for a near-miss field name: typos are the commonest mistake in a hand-written file. */
function suggest(name: string): string {
  let best = '';
  let bestD = 4;
  for (const f of Object.keys(RULE_FIELDS)) {
    const d = distance(name.toLowerCase(), f);
    if (d < bestD) [best, bestD] = [f, d];
  }
  return best ? ` (did you mean ${best}?)` : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
