/** @module Checks a cycle's `agency_windows`: each agency once, a real date or instant, closing after opening. */
import type { AgencyWindow } from '../domain/programme.js';
import { Problems, isObject, unknownKeys } from './schema-util.js';
import { instantOf } from './windows.js';

const MAX_WINDOWS = 500;

/** `date` checks one date field the way the cycle's own dates are checked (schema.ts). */
export function checkWindows(v: unknown, path: string, p: Problems, date: (v: unknown, path: string) => string | undefined): AgencyWindow[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return void p.add(path, 'must be an array of {"agency", "opens_at", "closes_at"}');
  if (v.length > MAX_WINDOWS) return void p.add(path, `has ${v.length} windows, at most ${MAX_WINDOWS}`);
  const seen = new Map<string, number>();
  const out: AgencyWindow[] = [];
  v.forEach((w, i) => {
    const wp = `${path}[${i}]`;
    if (!isObject(w)) return void p.add(wp, 'must be an object: {"agency": "Owendo", "opens_at": "2020-04-03T08:00:00+01:00"}');
    unknownKeys(w, ['agency', 'opens_at', 'closes_at'], wp, p);
    const agency = typeof w.agency === 'string' ? w.agency.trim() : '';
    if (agency === '' || agency.length > 100) p.add(`${wp}.agency`, 'must be the agency\'s name as the registry writes it (1 to 100 characters)');
    else if (seen.has(agency)) p.add(`${wp}.agency`, `"${agency}" already has a window (${path}[${seen.get(agency)}])`);
    else seen.set(agency, i);
    const opens = date(w.opens_at, `${wp}.opens_at`);
    const closes = date(w.closes_at, `${wp}.closes_at`);
    if (w.opens_at === undefined && w.closes_at === undefined) p.add(wp, 'needs opens_at, closes_at or both');
    if (opens && closes && instantOf(opens) >= instantOf(closes)) p.add(`${wp}.closes_at`, `must be after opens_at (${opens})`);
    const out1: AgencyWindow = { agency };
    if (opens) out1.opens_at = opens;
    if (closes) out1.closes_at = closes;
    out.push(out1);
  });
  return out;
}
