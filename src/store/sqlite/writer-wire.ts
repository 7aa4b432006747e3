/** @module What crosses to the writer thread: a batch as one flat array of values, not an object per credit. */
import type { NewCredit } from '../types.js';

// postMessage copies with V8's serializer, which writes every property name of every object: a batch of credits as
// objects cost the HTTP thread about 5 µs per credit. The same values in one flat array, in this fixed order, cost
// about half, and the writer rebuilds the objects it reads.
const FIELDS = [
  'subscriber_id', 'contract_no', 'meter_no', 'programme_id', 'cycle', 'service', 'metering', 'fcfa', 'units_tenths',
  'unit', 'token', 'issuer', 'channel', 'phone', 'issued_at', 'tid', 'code_id', 'budget_fcfa',
] as const satisfies readonly (keyof NewCredit)[];
const WIDTH = FIELDS.length;

// A new field in NewCredit that is missing here fails the type check instead of being dropped on the way.
type Missing = Exclude<keyof NewCredit, (typeof FIELDS)[number]>;
const complete: Missing extends never ? true : never = true;
void complete;

export type WireBatch = (string | number | null)[];

export function encodeBatch(batch: readonly NewCredit[]): WireBatch {
  const out: WireBatch = new Array(batch.length * WIDTH);
  let k = 0;
  for (const n of batch) {
    out[k++] = n.subscriber_id; out[k++] = n.contract_no; out[k++] = n.meter_no; out[k++] = n.programme_id;
    out[k++] = n.cycle; out[k++] = n.service; out[k++] = n.metering; out[k++] = n.fcfa; out[k++] = n.units_tenths;
    out[k++] = n.unit; out[k++] = n.token; out[k++] = n.issuer; out[k++] = n.channel; out[k++] = n.phone;
    out[k++] = n.issued_at; out[k++] = n.tid; out[k++] = n.code_id; out[k++] = n.budget_fcfa;
  }
  return out;
}

export function decodeBatch(w: WireBatch): NewCredit[] {
  if (w.length % WIDTH !== 0) throw new Error(`writer batch of ${w.length} values is not a whole number of credits`);
  const out: NewCredit[] = new Array(w.length / WIDTH);
  for (let i = 0, k = 0; k < w.length; i++) {
    out[i] = {
      subscriber_id: w[k++] as number, contract_no: w[k++] as string, meter_no: w[k++] as string, programme_id: w[k++] as string,
      cycle: w[k++] as string, service: w[k++] as string, metering: w[k++] as string, fcfa: w[k++] as number,
      units_tenths: w[k++] as number, unit: w[k++] as string, token: w[k++] as string | null, issuer: w[k++] as string,
      channel: w[k++] as string, phone: w[k++] as string | null, issued_at: w[k++] as string, tid: w[k++] as number | null,
      code_id: w[k++] as number | null, budget_fcfa: w[k++] as number | null,
    };
  }
  return out;
}
