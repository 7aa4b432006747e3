/** @module How long each category of grievance may wait for a decision: one table, read by the service (due_at) and the console's timers. */
import type { GrievanceCategory } from '../domain/grievance.js';

/**
 * Hours from raised to decided. A subscriber refused a credit (not retained, meter unknown) is waiting for relief
 * while the cycle runs: three days. A code the meter rejects is a household without power or water: two days.
 * A credit missing from a bill, and anything else, wait for the billing run anyway: five days.
 */
export const SLA_HOURS: Readonly<Record<GrievanceCategory, number>> = Object.freeze({
  not_retained: 72,
  unknown_meter: 72,
  code_rejected: 48,
  not_credited: 120,
  other: 120,
});

export function dueAt(category: GrievanceCategory, createdAt: Date): Date {
  return new Date(createdAt.getTime() + SLA_HOURS[category] * 3_600_000);
}
