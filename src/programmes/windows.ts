/** @module Agencies opened one after another within a cycle: where an agency stands at an instant (pure; the clock is the caller's). */
import type { AgencyWindow, Cycle } from '../domain/programme.js';

/** A date alone is taken at midnight in Libreville (UTC+1), the zone the rest of the product speaks. */
export function instantOf(iso: string): number {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00+01:00` : iso);
}

export type WindowState = { kind: 'not_open'; opens_at: string } | { kind: 'closed'; closes_at: string };

/** Null while the agency may claim (not listed, or inside its window); otherwise why not, with its date. */
export function agencyWindow(cycle: Cycle, agency: string, nowMs: number): WindowState | null {
  const w = cycle.agency_windows?.find((x) => x.agency === agency);
  if (!w) return null;
  if (w.opens_at && nowMs < instantOf(w.opens_at)) return { kind: 'not_open', opens_at: w.opens_at };
  if (w.closes_at && nowMs >= instantOf(w.closes_at)) return { kind: 'closed', closes_at: w.closes_at };
  return null;
}

export function windowOf(cycle: Cycle, agency: string): AgencyWindow | null {
  return cycle.agency_windows?.find((x) => x.agency === agency) ?? null;
}
