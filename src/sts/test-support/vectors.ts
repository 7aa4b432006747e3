/** @module The published vectors (../shared/vectors/sts-public.json) for the tests. */
// A copy sits beside the tests so they run on a fresh clone; vectors.test.ts checks the copy against the shared
// file whenever that file is present.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TokenVector {
  step: string; pan: string; vending_key: string; kt: string; sgc: string; ti: string; krn: string; ea: 'EA07';
  dkga: 'DKGA02'; base_date: '1993-01-01'; service: 'electricity' | 'water'; units: string; issued_at: string; rnd: number; token: string;
}
export interface Vectors {
  luhn_check_digit: { digits: string; check: string }[];
  crc16: { input_50_bits?: string; crc?: number; class?: number; subclass?: number; rnd?: number; tid_hex?: string; amount_hex?: string; crc_hex?: string }[];
  decoder_keys: { dkga: string; vending_key: string; kt: string; sgc: string; ti: string; krn: string; pan: string; decoder_key: string }[];
  tokens: TokenVector[];
}

export const vectorsCopy = fileURLToPath(new URL('./sts-public.json', import.meta.url));
export const vectorsShared = fileURLToPath(new URL('../../../../shared/vectors/sts-public.json', import.meta.url));
export const vectors: Vectors = JSON.parse(readFileSync(vectorsCopy, 'utf8'));
