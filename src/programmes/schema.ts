/** @module parseProgramme: checks a programme file (parsed JSON) and lists every problem with its JSON path, or returns the programme. */
import type { Benefit, Cycle, CycleState, Programme } from '../domain/programme.js';
import { SERVICES, TARIFFS, UNIT_OF } from '../domain/subscriber.js';
import type { Service, Tariff } from '../domain/subscriber.js';
import { MAX_AMOUNT_FCFA, MAX_PRICE, scalePrice, unitsTenths } from './credit.js';
import { checkRule } from './schema-rule.js';
import { checkWindows } from './schema-windows.js';
import { Problems, isObject, unknownKeys } from './schema-util.js';
import type { WordedCycle } from './types.js';

export type ParseResult = { ok: true; programme: Programme } | { ok: false; problems: string[] };

/** Ids end up in URLs, SQL keys, CSV exports and journal entries: keep them plain. */
const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const ID_RULE = 'lowercase letters, digits, ".", "_" or "-", at most 64, starting with a letter or digit';
const STATES: readonly CycleState[] = ['scheduled', 'open', 'closed'];
const MAX_CYCLES = 200;
const MAX_BUDGET_FCFA = 1e15;
/** A date, or an instant with its offset: an opening time without a zone would be read differently by each machine. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/;

export function parseProgramme(input: unknown): ParseResult {
  const p = new Problems();
  if (!isObject(input)) return { ok: false, problems: ['$: a programme must be a JSON object'] };
  unknownKeys(input, ['id', 'name', 'description', 'options', 'prices', 'cycles'], '$', p);
  const id = text(input.id, '$.id', p, true);
  if (id !== undefined && !ID.test(id)) p.add('$.id', `"${id.slice(0, 64)}" is not a valid id (${ID_RULE})`);
  const name = text(input.name, '$.name', p, true);
  const description = 'description' in input ? text(input.description, '$.description', p, false) : undefined;
  const options = checkOptions(input.options, p);
  const prices = checkPrices(input.prices, p);
  const cycles = checkCycles(input.cycles, prices, p);
  if (p.count > 0 || id === undefined || name === undefined || !prices || !cycles) {
    return { ok: false, problems: p.count ? capped(p.list) : ['$: not a valid programme'] };
  }
  const programme: Programme & { description?: string } = { id, name, prices, cycles };
  if (description !== undefined) programme.description = description;
  if (options !== undefined) programme.options = options;
  return { ok: true, programme };
}

function checkOptions(v: unknown, p: Problems): Programme['options'] {
  if (v === undefined) return undefined;
  if (!isObject(v)) return void p.add('$.options', 'must be an object: {"verify_new_phones": true|false}');
  unknownKeys(v, ['verify_new_phones'], '$.options', p);
  if (v.verify_new_phones !== undefined && typeof v.verify_new_phones !== 'boolean') {
    p.add('$.options.verify_new_phones', `must be true or false (got ${JSON.stringify(v.verify_new_phones)})`);
    return undefined;
  }
  return v.verify_new_phones === undefined ? {} : { verify_new_phones: v.verify_new_phones };
}

/** Every problem, but a generated file with thousands of the same mistake should not flood a terminal. */
const MAX_PROBLEMS = 500;
function capped(list: string[]): string[] {
  return list.length <= MAX_PROBLEMS ? list : [...list.slice(0, MAX_PROBLEMS), `… and ${list.length - MAX_PROBLEMS} more problems`];
}

function text(v: unknown, path: string, p: Problems, required: boolean): string | undefined {
  if (v === undefined) return void (required && p.add(path, 'missing'));
  if (typeof v !== 'string' || v.trim() === '') return void p.add(path, 'must be a non-empty text');
  if (v.length > 2000) return void p.add(path, 'is longer than 2000 characters');
  return v;
}

function checkPrices(v: unknown, p: Problems): Programme['prices'] | undefined {
  if (v === undefined) return void p.add('$.prices', `missing: FCFA per unit for each service (${SERVICES.join(', ')}) and tariff (${TARIFFS.join(', ')})`);
  if (!isObject(v)) return void p.add('$.prices', 'must be an object: {"electricity": {"social": ..., "general": ...}, "water": {...}}');
  unknownKeys(v, SERVICES, '$.prices', p);
  const out = {} as Record<Service, Record<Tariff, number>>;
  let ok = true;
  for (const service of SERVICES) {
    const path = `$.prices.${service}`;
    const byTariff = v[service];
    const unit = UNIT_OF[service] === 'm3' ? 'm³' : UNIT_OF[service];
    if (!isObject(byTariff)) {
      p.add(path, byTariff === undefined ? `missing: FCFA per ${unit} for each tariff (${TARIFFS.join(', ')})` : 'must be an object keyed by tariff');
      ok = false;
      continue;
    }
    unknownKeys(byTariff, TARIFFS, path, p);
    out[service] = {} as Record<Tariff, number>;
    for (const tariff of TARIFFS) {
      const price = byTariff[tariff];
      if (price === undefined) { p.add(`${path}.${tariff}`, `missing price (FCFA per ${unit} at the ${tariff} tariff)`); ok = false; continue; }
      if (typeof price !== 'number' || scalePrice(price) === null) {
        p.add(`${path}.${tariff}`, `must be a positive number of FCFA per ${unit}, at most 3 decimals and at most ${MAX_PRICE} (got ${JSON.stringify(price)})`);
        ok = false;
        continue;
      }
      out[service][tariff] = price;
    }
  }
  return ok ? out : undefined;
}

function checkCycles(v: unknown, prices: Programme['prices'] | undefined, p: Problems): Cycle[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return void p.add('$.cycles', v === undefined ? 'missing: at least one cycle' : 'must be a non-empty array of cycles');
  if (v.length > MAX_CYCLES) return void p.add('$.cycles', `has ${v.length} cycles, at most ${MAX_CYCLES}`);
  const firstSeen = new Map<string, number>();
  const cycles = v.map((c, i) => {
    const cycle = checkCycle(c, `$.cycles[${i}]`, prices, p);
    const id = isObject(c) && typeof c.id === 'string' ? c.id : undefined;
    if (id !== undefined) {
      const first = firstSeen.get(id);
      if (first !== undefined) p.add(`$.cycles[${i}].id`, `duplicate cycle id "${id}" (also $.cycles[${first}])`);
      else firstSeen.set(id, i);
    }
    return cycle;
  });
  return cycles.every((c) => c !== undefined) ? (cycles as Cycle[]) : undefined;
}

function checkCycle(v: unknown, path: string, prices: Programme['prices'] | undefined, p: Problems): Cycle | undefined {
  if (!isObject(v)) return void p.add(path, 'must be an object: {"id", "label", "state", "budget_fcfa", "benefits", ...}');
  const before = p.count;
  unknownKeys(v, ['id', 'label', 'label_en', 'wording', 'state', 'opens_at', 'closes_at', 'budget_fcfa', 'benefits', 'agency_windows'], path, p);
  const id = text(v.id, `${path}.id`, p, true);
  if (id !== undefined && !ID.test(id)) p.add(`${path}.id`, `"${id.slice(0, 64)}" is not a valid id (${ID_RULE})`);
  const label = text(v.label, `${path}.label`, p, true);
  if (v.state === undefined) p.add(`${path}.state`, `missing: one of ${STATES.join(', ')}`);
  else if (!STATES.includes(v.state as CycleState)) p.add(`${path}.state`, `must be one of ${STATES.join(', ')} (got ${JSON.stringify(v.state)})`);
  const opens = date(v.opens_at, `${path}.opens_at`, p);
  const closes = date(v.closes_at, `${path}.closes_at`, p);
  if (opens && closes && instant(opens) >= instant(closes)) p.add(`${path}.closes_at`, `must be after opens_at (${opens})`);
  const budget = v.budget_fcfa;
  if (budget === undefined) p.add(`${path}.budget_fcfa`, 'missing: a whole number of FCFA, or null for no ceiling');
  else if (budget !== null && !(Number.isSafeInteger(budget) && (budget as number) > 0 && (budget as number) <= MAX_BUDGET_FCFA)) {
    p.add(`${path}.budget_fcfa`, `must be a positive whole number of FCFA (at most ${MAX_BUDGET_FCFA}) or null (got ${JSON.stringify(budget)})`);
  }
  const wording = checkWording(v.wording, `${path}.wording`, p);
  const labelEn = v.label_en === undefined ? undefined : text(v.label_en, `${path}.label_en`, p, true);
  const benefits = checkBenefits(v.benefits, `${path}.benefits`, prices, p);
  const windows = checkWindows(v.agency_windows, `${path}.agency_windows`, p, (x, xp) => date(x, xp, p));
  if (benefits && typeof budget === 'number' && benefits.some((b) => b.amount_fcfa > budget)) {
    p.add(`${path}.budget_fcfa`, `${budget} FCFA is less than one credit of this cycle: nobody could be served`);
  }
  if (p.count > before || id === undefined || label === undefined || !benefits) return undefined;
  const cycle: WordedCycle = { id, label, state: v.state as CycleState, budget_fcfa: budget as number | null, benefits };
  if (labelEn !== undefined) cycle.label_en = labelEn;
  if (wording) cycle.wording = wording;
  if (opens) cycle.opens_at = opens;
  if (closes) cycle.closes_at = closes;
  if (windows) cycle.agency_windows = windows;
  return cycle;
}

/** null or absent both mean "no date"; anything else must be a real calendar date. */
function date(v: unknown, path: string, p: Problems): string | undefined {
  if (v === undefined || v === null) return undefined;
  const m = typeof v === 'string' ? ISO.exec(v) : null;
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const real = m !== null && mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (!real) return void p.add(path, `must be an ISO 8601 date ("2020-05-01") or instant with offset ("2020-05-01T08:00:00+01:00") (got ${JSON.stringify(v)})`);
  return v as string;
}

/** A date alone is taken at midnight in Libreville (UTC+1), the zone the rest of the product speaks. */
function instant(iso: string): number {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00+01:00` : iso);
}

function checkWording(v: unknown, path: string, p: Problems): { fr: string; en: string } | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) return void p.add(path, 'must be {"fr": "la phase 2", "en": "phase 2"}: how a sentence names the cycle');
  unknownKeys(v, ['fr', 'en'], path, p);
  const fr = text(v.fr, `${path}.fr`, p, true);
  const en = text(v.en, `${path}.en`, p, true);
  return fr && en ? { fr, en } : undefined;
}

function checkBenefits(v: unknown, path: string, prices: Programme['prices'] | undefined, p: Problems): Benefit[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return void p.add(path, v === undefined ? 'missing: at least one benefit' : 'must be a non-empty array of benefits');
  const seen = new Map<string, number>();
  const out = v.map((b, i): Benefit | undefined => {
    const bp = `${path}[${i}]`;
    if (!isObject(b)) return void p.add(bp, 'must be an object: {"service", "amount_fcfa", "rule"}');
    const before = p.count;
    unknownKeys(b, ['service', 'amount_fcfa', 'rule'], bp, p);
    const service = b.service as Service;
    if (!SERVICES.includes(service)) p.add(`${bp}.service`, `must be one of ${SERVICES.join(', ')} (got ${JSON.stringify(b.service ?? null)})`);
    else if (seen.has(service)) p.add(`${bp}.service`, `${service} already has a benefit in this cycle (${path}[${seen.get(service)}]): one per service`);
    else seen.set(service, i);
    const amount = b.amount_fcfa;
    if (!Number.isSafeInteger(amount) || (amount as number) <= 0 || (amount as number) > MAX_AMOUNT_FCFA) {
      p.add(`${bp}.amount_fcfa`, `must be a positive whole number of FCFA, at most ${MAX_AMOUNT_FCFA} (got ${JSON.stringify(amount ?? null)})`);
    } else if (prices && SERVICES.includes(service)) {
      for (const tariff of TARIFFS) {
        const scaled = scalePrice(prices[service][tariff]);
        if (scaled !== null && unitsTenths(amount as number, scaled) === 0) {
          p.add(`${bp}.amount_fcfa`, `${amount} FCFA buys less than 0.1 ${UNIT_OF[service]} at the ${tariff} tariff`);
        }
      }
    }
    if (b.rule === undefined) p.add(`${bp}.rule`, 'missing: who is retained (e.g. {"field": "category", "op": "eq", "value": "particulier"})');
    const rule = b.rule === undefined ? undefined : checkRule(b.rule, `${bp}.rule`, p);
    if (p.count > before || !rule) return undefined;
    return { service, amount_fcfa: amount as number, rule };
  });
  return out.every((b) => b !== undefined) ? (out as Benefit[]) : undefined;
}
