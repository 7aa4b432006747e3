/** @module A meter's decoder key, prepared for its encryption algorithm, and the per-meter cache of them. */
// Derived once per (vending key, meter, key data) and kept, repeated tokens to a meter skip DKGA02 and the key schedules.
import { blockToHex, hexToBlock, type Block64 } from './bits.js';
import { desBlock, desKeySchedule, reverseSchedule } from './des.js';
import { dkga02 } from './dkga02.js';
import { StsError } from './errors.js';
import { checkKeyData, type CheckedKeyData, type EncryptionAlgorithm, type StsKeyData } from './key-data.js';
import { buildPan, parsePan } from './luhn.js';
import { staDecrypt, staEncrypt, staKeySchedule } from './sta.js';
import { checkBaseDate, type BaseDate } from './tid.js';

/** What identifies a meter's key: the vending key (16 hex digits), the meter number (or its PAN) and its key data. */
export interface MeterKeyInput {
  vendingKey: string;
  meterNo?: string;
  /** Alternative to meterNo: the 18-digit PAN (IIN + meter number + check digit). */
  pan?: string;
  key: StsKeyData;
}

export class MeterKey {
  private readonly sta: Uint16Array | null;
  private readonly desEnc: Uint8Array | null;
  /** EA09 decryption schedule, made on first decode: minting never needs it. */
  private desDec: Uint8Array | null = null;

  constructor(
    readonly decoderKey: Block64,
    readonly ea: EncryptionAlgorithm,
    readonly baseDate: BaseDate,
    /** The meter's PAN, when the key was derived from one. */
    readonly pan: string | null = null,
  ) {
    this.sta = ea === 'EA07' ? staKeySchedule(decoderKey) : null;
    this.desEnc = ea === 'EA09' ? desKeySchedule(decoderKey) : null;
  }

  encrypt(hi: number, lo: number, out: Block64): Block64 {
    return this.sta ? staEncrypt(this.sta, hi, lo, out) : desBlock(this.desEnc!, hi, lo, out);
  }

  decrypt(hi: number, lo: number, out: Block64): Block64 {
    if (this.sta) return staDecrypt(this.sta, hi, lo, out);
    this.desDec ??= reverseSchedule(this.desEnc!);
    return desBlock(this.desDec, hi, lo, out);
  }

  /** The decoder key as 16 hex digits (what a meter is loaded with). */
  decoderKeyHex(): string {
    return blockToHex(this.decoderKey);
  }
}

/** Derives a meter's decoder key with DKGA02 (no cache). */
export function deriveMeterKey(input: MeterKeyInput): MeterKey {
  if (input === null || typeof input !== 'object') throw new StsError('bad_key_data', 'meter key input is missing');
  const k: CheckedKeyData = checkKeyData(input.key);
  const vk = hexToBlock(input.vendingKey, 'vending key');
  let pan: string;
  if (input.pan !== undefined) {
    pan = parsePan(input.pan).pan;
    // The PAN alone fixes the decoder key; key data or a meter number that say otherwise are a mix-up worth refusing.
    if (!pan.startsWith(k.iin)) throw new StsError('bad_pan', `PAN ${pan} does not start with the key data's IIN ${k.iin}`);
    if (input.meterNo !== undefined && buildPan(k.iin, input.meterNo) !== pan) {
      throw new StsError('bad_pan', `PAN ${pan} is not the PAN of meter number ${input.meterNo}`);
    }
  } else if (input.meterNo !== undefined) {
    pan = buildPan(k.iin, input.meterNo);
  } else {
    throw new StsError('bad_pan', 'a meter number or a PAN is needed to derive the decoder key');
  }
  return new MeterKey(dkga02(vk, pan, k), k.ea, k.baseDate, pan);
}

/** A meter that knows only its decoder key, as a real one does. */
export function meterKeyFromDecoderKey(decoderKeyHex: string, opts: { baseDate: BaseDate; ea?: EncryptionAlgorithm }): MeterKey {
  const ea = opts.ea ?? 'EA07';
  if (ea !== 'EA07' && ea !== 'EA09') throw new StsError('bad_key_data', `encryption algorithm must be EA07 or EA09 (got "${String(ea)}")`);
  return new MeterKey(hexToBlock(decoderKeyHex, 'decoder key'), ea, checkBaseDate(opts.baseDate));
}

// Bounded cache, keyed by meter number (or PAN): hashing that short string and comparing the other fields (usually
// the very same string objects) costs far less than building and hashing one long composite key per token.
// Insertion-ordered Map: when full, the oldest meter goes. A prepared key holds ~0.5 kB.
interface CacheEntry {
  input: MeterKeyInput;
  mk: MeterKey;
}
let capacity = 50_000;
const cache = new Map<string, CacheEntry[]>();

function sameInput(a: MeterKeyInput, b: MeterKeyInput): boolean {
  const x = a.key;
  const y = b.key;
  return a.vendingKey === b.vendingKey && a.meterNo === b.meterNo && a.pan === b.pan && x.iin === y.iin && x.sgc === y.sgc &&
    x.ti === y.ti && x.krn === y.krn && x.kt === y.kt && x.baseDate === y.baseDate && x.ea === y.ea && x.dkga === y.dkga;
}

/** The meter's key from the cache, derived on a miss. Inputs are validated on the miss, so a hit costs one lookup. */
export function cachedMeterKey(input: MeterKeyInput): MeterKey {
  const id = input.meterNo ?? input.pan ?? '';
  const entries = cache.get(id);
  if (entries !== undefined) {
    for (let i = 0; i < entries.length; i++) if (sameInput(entries[i].input, input)) return entries[i].mk;
  }
  const mk = deriveMeterKey(input);
  if (capacity === 0) return mk;
  // Keep a copy of the inputs: the caller may reuse and change its objects.
  const entry = { input: { vendingKey: input.vendingKey, meterNo: input.meterNo, pan: input.pan, key: { ...input.key } }, mk };
  if (entries !== undefined) {
    // A meter seen with several key data (a key change, a typo upstream): keep its few most recent.
    if (entries.push(entry) > 4) entries.shift();
  } else {
    if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
    cache.set(id, [entry]);
  }
  return mk;
}

/** Sets how many meter keys the cache keeps (0 turns it off) and empties it. */
export function configureMeterKeyCache(opts: { maxEntries: number }): void {
  if (!Number.isInteger(opts.maxEntries) || opts.maxEntries < 0) throw new RangeError('maxEntries must be a whole number >= 0');
  capacity = opts.maxEntries;
  cache.clear();
}

export function clearMeterKeyCache(): void {
  cache.clear();
}

export const meterKeyCacheSize = (): number => cache.size;
