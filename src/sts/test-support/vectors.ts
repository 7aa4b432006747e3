/**
 * @module The published STS vectors the tests check the library against (sts-public.json, the project's own test
 * data): tokens from the STS 531-1 conformance steps CTSA01 as asserted in the open-source NectarAPI/tokens-service
 * test suite, the CRC example from the STS Association's TID page (the file's `about` says so too).
 */
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

const FILE = fileURLToPath(new URL('./sts-public.json', import.meta.url));
export const vectors: Vectors = JSON.parse(readFileSync(FILE, 'utf8'));
