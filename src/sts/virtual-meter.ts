/** @module A virtual prepaid meter that accepts tokens as a real one does. */
// It holds only its decoder key and accepts a token for its own key (CRC), a credit for its own service, a TID it has
// not seen and not older than the oldest it remembers. What end-to-end tests key tokens into.
import { decodeToken, type DecodedToken } from './decode.js';
import { StsError } from './errors.js';
import { deriveMeterKey, MeterKey, meterKeyFromDecoderKey, type MeterKeyInput } from './meter-key.js';
import type { EncryptionAlgorithm } from './key-data.js';
import type { BaseDate } from './tid.js';
import type { Service } from './token.js';

/** Why a meter refused a token. */
export type RefusalReason =
  | 'format' // not 20 digits, or above 2^66
  | 'crc' // altered, or made for another meter's key
  | 'not_credit' // not a class-0 credit token
  | 'wrong_service' // a credit for another service (a water token on an electricity meter)
  | 'used' // this TID was already accepted
  | 'old'; // older than the oldest TID the meter remembers

export type KeyResult =
  | { ok: true; service: Service; tenths: number; tid: number; creditTenths: number }
  | { ok: false; reason: RefusalReason; message: string };

export interface VirtualMeterOptions {
  /** The meter's service; tokens for another are refused. Unstated: electricity and water credits are both taken. */
  service?: Service;
  /** How many recent TIDs the meter keeps (real meters keep a few dozen). Default 50. */
  tidMemory?: number;
}

type LoadedKey = { decoderKey: string; baseDate: BaseDate; ea?: EncryptionAlgorithm };

export class VirtualMeter {
  readonly service: Service | null;
  private readonly key: MeterKey;
  private readonly memory: number;
  /** Accepted TIDs, ascending; at most `memory` of them. */
  private readonly tids: number[] = [];
  private credit = 0;

  /**
   * A meter from a prepared MeterKey, from its key derivation inputs (vending key, meter number, key data), or loaded
   * with a decoder key (16 hex digits). Either way it keeps only the decoder key.
   */
  constructor(meter: MeterKey | MeterKeyInput | LoadedKey, options: VirtualMeterOptions = {}) {
    this.key = meter instanceof MeterKey ? meter : 'decoderKey' in meter ? meterKeyFromDecoderKey(meter.decoderKey, meter) : deriveMeterKey(meter);
    const service = options.service ?? null;
    if (service !== null && service !== 'electricity' && service !== 'water') {
      throw new StsError('bad_service', `service must be electricity or water (got ${JSON.stringify(service)})`);
    }
    this.service = service;
    this.memory = options.tidMemory ?? 50;
    if (!Number.isInteger(this.memory) || this.memory < 1) throw new RangeError('tidMemory must be a whole number >= 1');
  }

  /** Keys a token in. On acceptance the credit is added and the TID remembered. */
  enter(token: string): KeyResult {
    let d: DecodedToken;
    try {
      d = decodeToken(token, this.key);
    } catch (e) {
      if (e instanceof StsError) return refuse('format', e.message);
      throw e;
    }
    if (!d.crcOk) return refuse('crc', 'token rejected: it was altered or made for another meter');
    if (d.class !== 0) return refuse('not_credit', `token of class ${d.class}, not a credit token`);
    const service = d.service === 'electricity' || d.service === 'water' ? d.service : null;
    if (service === null || (this.service !== null && service !== this.service)) {
      return refuse('wrong_service', `a ${d.service ?? 'subclass ' + d.subclass} credit cannot go on ${this.service ? 'a ' + this.service : 'this'} meter`);
    }
    if (this.tids.includes(d.tid)) return refuse('used', `token already used (TID ${d.tid})`);
    if (this.tids.length > 0 && d.tid < this.tids[0]) return refuse('old', `token older than the oldest this meter remembers (TID ${d.tid} < ${this.tids[0]})`);
    this.remember(d.tid);
    this.credit += d.tenths;
    return { ok: true, service, tenths: d.tenths, tid: d.tid, creditTenths: this.credit };
  }

  /** Credit accumulated so far, in tenths of a unit. */
  get creditTenths(): number {
    return this.credit;
  }

  /** The TIDs the meter remembers, oldest first. */
  get rememberedTids(): readonly number[] {
    return this.tids.slice();
  }

  private remember(tid: number): void {
    let i = this.tids.length;
    while (i > 0 && this.tids[i - 1] > tid) i--;
    this.tids.splice(i, 0, tid);
    // Full: forget the oldest, which also raises the floor below which tokens are "Old".
    if (this.tids.length > this.memory) this.tids.shift();
  }
}

const refuse = (reason: RefusalReason, message: string): KeyResult => ({ ok: false, reason, message });
