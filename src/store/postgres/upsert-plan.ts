/** @module Plans a bulk subscriber upsert so that multi-row statements give exactly what row-by-row upserts would (pure). */
import type { Subscriber } from '../../domain/subscriber.js';

export interface UpsertPlan {
  /** Row indexes, in order; each segment can be written by one statement (or several, in order). */
  segments: number[][];
  /** Rows refused before any write: a meter that belongs to another contract at that point of the batch. */
  rejected: { index: number; reason: string }[];
}

/**
 * Replays the batch row by row against the owners the store holds now (`meterOwner`: meter -> contract,
 * `contractMeter`: contract -> meter, for every meter and contract the batch names), which is what SQLite does one
 * statement at a time. A row that claims a meter owned by another contract is refused, as there.
 *
 * One multi-row statement has no row order, and PostgreSQL checks a unique index row by row as it writes, so two
 * kinds of row must wait for a later statement: a contract seen before in the batch (ON CONFLICT cannot touch a
 * row twice), and a meter that an earlier row of the batch gave up (its old owner's update must land first).
 * A new segment starts at each such row; in a real registry there are none, so a batch is one segment.
 */
export function planUpsert(rows: readonly Subscriber[], meterOwner: Map<string, string>, contractMeter: Map<string, string>): UpsertPlan {
  const owner = new Map(meterOwner);
  const meterOf = new Map(contractMeter);
  const segments: number[][] = [];
  const rejected: UpsertPlan['rejected'] = [];
  let seg: number[] = [];
  const contractsInSeg = new Set<string>();
  const freedInSeg = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const { contract_no: contract, meter_no: meter } = rows[i];
    const o = owner.get(meter);
    if (o !== undefined && o !== contract) {
      rejected.push({ index: i, reason: `meter_conflict: meter_no ${meter} already belongs to contract ${o}` });
      continue;
    }
    if (contractsInSeg.has(contract) || freedInSeg.has(meter)) {
      segments.push(seg);
      seg = [];
      contractsInSeg.clear();
      freedInSeg.clear();
    }
    const old = meterOf.get(contract);
    if (old !== undefined && old !== meter) {
      owner.delete(old);
      freedInSeg.add(old);
    }
    owner.set(meter, contract);
    meterOf.set(contract, meter);
    seg.push(i);
    contractsInSeg.add(contract);
  }
  if (seg.length > 0) segments.push(seg);
  return { segments, rejected };
}
