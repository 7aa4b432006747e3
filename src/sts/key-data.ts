/** @module A meter's STS key data (the registry's sts_* columns, docs/registry-format.md): the values DKGA02 mixes into its decoder key. */
import { StsError } from './errors.js';
import { checkBaseDate, type BaseDate } from './tid.js';

export type EncryptionAlgorithm = 'EA07' | 'EA09';
export type KeyGenerationAlgorithm = 'DKGA02';

/** Key data as the registry holds it. `ea` defaults to EA07 (STA), `dkga` to DKGA02. */
export interface StsKeyData {
  /** Issuer identification number: 6 digits (600727) or the 4-digit 0000. */
  iin: string;
  /** Supply group code, 6 digits. */
  sgc: string;
  /** Tariff index, 2 digits (01..99). */
  ti: string;
  /** Key revision number, 1..9. */
  krn: string | number;
  /** Key type: 1 default, 2 unique, 3 common (the vending key types DKGA02 derives from). */
  kt: string | number;
  baseDate: BaseDate;
  ea?: EncryptionAlgorithm;
  dkga?: KeyGenerationAlgorithm;
}

/** Key data checked and normalised to the digits the control block is made of. */
export interface CheckedKeyData {
  iin: string;
  sgc: string;
  ti: string;
  krn: string;
  kt: string;
  baseDate: BaseDate;
  ea: EncryptionAlgorithm;
  dkga: KeyGenerationAlgorithm;
}

const bad = (message: string): StsError => new StsError('bad_key_data', message);
const text = (v: unknown): string => (typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : '');

export function checkKeyData(k: StsKeyData): CheckedKeyData {
  if (k === null || typeof k !== 'object') throw bad('key data is missing');
  const iin = text(k.iin);
  if (!/^(\d{6}|\d{4})$/.test(iin)) throw bad(`IIN must be 6 digits (e.g. 600727) or the 4-digit 0000 (got "${iin}")`);
  const sgc = text(k.sgc);
  if (!/^\d{6}$/.test(sgc)) throw bad(`supply group code must be 6 digits (got "${sgc}")`);
  // A tariff index below 10 is written with a leading zero (01..09); accept "1" for "01".
  let ti = text(k.ti);
  if (/^\d$/.test(ti)) ti = '0' + ti;
  if (!/^\d{2}$/.test(ti)) throw bad(`tariff index must be 2 digits, 00 to 99 (got "${text(k.ti)}")`);
  const krn = text(k.krn);
  if (!/^[1-9]$/.test(krn)) throw bad(`key revision number must be one digit from 1 to 9 (got "${krn}")`);
  const kt = text(k.kt);
  if (!/^[1-3]$/.test(kt)) throw bad(`key type must be 1 (default), 2 (unique) or 3 (common) (got "${kt}")`);
  const baseDate = checkBaseDate(k.baseDate);
  const ea = k.ea ?? 'EA07';
  if (ea !== 'EA07' && ea !== 'EA09') throw bad(`encryption algorithm must be EA07 (STA) or EA09 (DES) (got "${String(ea)}")`);
  const dkga = k.dkga ?? 'DKGA02';
  if (dkga !== 'DKGA02') throw bad(`only decoder key generation algorithm DKGA02 is supported (got "${String(dkga)}")`);
  return { iin, sgc, ti, krn, kt, baseDate, ea, dkga };
}
