/** @module What crosses to the writer thread: a batch as two typed arrays and one string, not an object per credit. */
import type { Channel, NewCredit } from '../../domain/credit.js';
import type { OutboxMessage } from '../../domain/sms.js';

// postMessage copies with V8's serializer, which writes every property name of every object, then every value with
// a tag. Objects cost the HTTP thread about 5 µs per credit; one flat array of values about half; here the numbers
// go in a Float64Array and the string lengths in an Int32Array, both transferred (moved, not copied), and the
// strings follow each other in one string (one copy): about 1.5 µs per credit in batches of 100+ (measured with
// batches of 16 and 135 through a worker). The writer rebuilds the objects it reads.
const NUMBERS = ['subscriber_id', 'fcfa', 'units_tenths', 'tid', 'code_id', 'budget_fcfa'] as const;
const STRINGS = [
  'contract_no', 'meter_no', 'programme_id', 'cycle', 'service', 'metering', 'unit', 'token', 'issuer', 'channel',
  'phone', 'issued_at', 'sms', 'grievance_ticket', 'grievance_approver',
] as const;
const N = NUMBERS.length;
const S = STRINGS.length;

// A new field in NewCredit that is missing here fails the type check instead of being dropped on the way.
type Missing = Exclude<keyof NewCredit, (typeof NUMBERS)[number] | (typeof STRINGS)[number]>;
const complete: Missing extends never ? true : never = true;
void complete;

/** `nums`: N numbers a credit, NaN for null; `lens`: S string lengths a credit, -1 for null; `text`: the strings. */
export interface WireBatch {
  nums: Float64Array;
  lens: Int32Array;
  text: string;
}

/** The buffers postMessage can move instead of copying. */
export const transferOf = (w: WireBatch): ArrayBuffer[] => [w.nums.buffer as ArrayBuffer, w.lens.buffer as ArrayBuffer];

export function encodeBatch(batch: readonly NewCredit[]): WireBatch {
  const nums = new Float64Array(batch.length * N);
  const lens = new Int32Array(batch.length * S);
  let text = '';
  let k = 0;
  let j = 0;
  const str = (v: string | null): void => {
    if (v === null) lens[j++] = -1;
    else {
      lens[j++] = v.length;
      text += v;
    }
  };
  for (const n of batch) {
    nums[k++] = n.subscriber_id; nums[k++] = n.fcfa; nums[k++] = n.units_tenths;
    nums[k++] = n.tid ?? NaN; nums[k++] = n.code_id ?? NaN; nums[k++] = n.budget_fcfa ?? NaN;
    str(n.contract_no); str(n.meter_no); str(n.programme_id); str(n.cycle); str(n.service); str(n.metering);
    str(n.unit); str(n.token); str(n.issuer); str(n.channel); str(n.phone); str(n.issued_at);
    str(n.sms.length ? smsText(n.sms) : null);
    str(n.grievance_ticket ?? null); str(n.grievance_approver ?? null);
  }
  return { nums, lens, text };
}

// A credit's messages (one or two) as one string: kind, phone and text apart by U+001F, messages by U+001E. Neither
// can be in a phone number or in GSM-7 text (the outbox takes nothing else), and joining is cheaper than JSON on the
// HTTP thread, parsing cheaper on the writer's.
const UNIT = '\x1f';
const RECORD = '\x1e';
function smsText(messages: readonly OutboxMessage[]): string {
  let s = '';
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.to.includes(UNIT) || m.to.includes(RECORD) || m.text.includes(UNIT) || m.text.includes(RECORD)) {
      throw new Error('an SMS holds a control character U+001E or U+001F: not GSM-7 text');
    }
    s += (i === 0 ? '' : RECORD) + m.kind + UNIT + m.to + UNIT + m.text;
  }
  return s;
}
function smsOf(s: string | null): OutboxMessage[] {
  if (s === null) return [];
  return s.split(RECORD).map((r) => {
    const [kind, to, text] = r.split(UNIT);
    return { kind: kind as OutboxMessage['kind'], to, text };
  });
}

export function decodeBatch(w: WireBatch): NewCredit[] {
  const count = w.nums.length / N;
  if (!Number.isInteger(count) || w.lens.length !== count * S) {
    throw new Error(`writer batch of ${w.nums.length} numbers and ${w.lens.length} strings is not a whole number of credits`);
  }
  const { nums, lens, text } = w;
  let at = 0;
  let j = 0;
  const str = (): string | null => {
    const l = lens[j++];
    if (l < 0) return null;
    const s = text.slice(at, at + l);
    at += l;
    return s;
  };
  const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
  const out: NewCredit[] = new Array(count);
  for (let i = 0, k = 0; i < count; i++, k += N) {
    out[i] = {
      subscriber_id: nums[k], contract_no: str() as string, meter_no: str() as string, programme_id: str() as string,
      cycle: str() as string, service: str() as string, metering: str() as string, fcfa: nums[k + 1],
      units_tenths: nums[k + 2], unit: str() as string, token: str(), issuer: str() as string, channel: str() as Channel,
      phone: str(), issued_at: str() as string, sms: smsOf(str()), tid: num(nums[k + 3]), code_id: num(nums[k + 4]),
      budget_fcfa: num(nums[k + 5]), grievance_ticket: str(), grievance_approver: str(),
    };
  }
  if (at !== text.length) throw new Error(`writer batch: ${text.length - at} characters of text left over: not a whole number of credits`);
  return out;
}
