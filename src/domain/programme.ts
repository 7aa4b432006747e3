/** @module Programme types: a relief programme is data (a JSON file an operator writes), not code. */
import type { Service, Tariff } from './subscriber.js';

export type CycleState = 'scheduled' | 'open' | 'closed';

/** A condition over subscriber fields. Leaves compare one field; `all`/`any`/`not` combine. */
export type Rule =
  | { all: Rule[] }
  | { any: Rule[] }
  | { not: Rule }
  | { field: string; op: 'eq' | 'ne'; value: string | number | null }
  | { field: string; op: 'in' | 'not_in'; values: (string | number)[] }
  | { field: string; op: 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { field: string; op: 'between'; min: number; max: number };

export interface Benefit {
  service: Service;
  amount_fcfa: number;
  /** Who is retained for this service in this cycle. */
  rule: Rule;
}

/**
 * An agency's own opening within an open cycle (agencies opened one after another, as a utility staggers a crowd).
 * Agencies not listed follow the cycle. Optional: a programme without it behaves as before.
 */
export interface AgencyWindow {
  /** As the registry writes it (`Owendo`, `Libreville Centre`). */
  agency: string;
  opens_at?: string;
  closes_at?: string;
}

export interface Cycle {
  id: string;
  label: string;
  /** The label on English pages; the French one when absent. */
  label_en?: string;
  state: CycleState;
  /** ISO 8601; informative while state is set by the operator. */
  opens_at?: string;
  closes_at?: string;
  /** Ceiling on the FCFA issued in this cycle; null means no ceiling. */
  budget_fcfa: number | null;
  benefits: Benefit[];
  agency_windows?: AgencyWindow[];
}

export interface ProgrammeOptions {
  /**
   * A phone given with a claim that is not the one on file gets the credit's SMS only after a one-time code sent to
   * it has been typed back (off by default, and in the demo programme).
   */
  verify_new_phones?: boolean;
}

export interface Programme {
  id: string;
  name: string;
  options?: ProgrammeOptions;
  /** FCFA per unit (kWh or m3), per service and tariff. */
  prices: Record<Service, Record<Tariff, number>>;
  cycles: Cycle[];
}

/** The credit a retained subscriber gets. `units_tenths` is an integer: 0.7 kWh is 7, never 6.999. */
export interface Credit {
  fcfa: number;
  units_tenths: number;
  unit: 'kWh' | 'm3';
}
