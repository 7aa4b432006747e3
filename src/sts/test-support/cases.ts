/** @module Random meters and credits for the property tests, drawn from a seeded PRNG. */
import { decodeAmount } from '../amount.js';
import { luhnCheckDigit } from '../luhn.js';
import type { StsKeyData } from '../key-data.js';
import type { BaseDate } from '../tid.js';
import type { Service } from '../token.js';
import type { prng } from './prng.js';

export interface RandomMeter {
  vendingKey: string;
  meterNo: string;
  key: StsKeyData;
}

type Rng = ReturnType<typeof prng>;

/** A meter in one of the two IIN forms, with random key data, base date and algorithm. */
export function randomMeter(r: Rng): RandomMeter {
  const fourDigitIin = r.int(2) === 1;
  const body = r.digits(fourDigitIin ? 12 : 10);
  return {
    vendingKey: r.hex(16),
    meterNo: body + luhnCheckDigit(body),
    key: {
      iin: fourDigitIin ? '0000' : '600727',
      sgc: r.digits(6),
      ti: r.digits(2),
      krn: 1 + r.int(9),
      kt: String(1 + r.int(3)),
      baseDate: r.pick<BaseDate>(['1993-01-01', '2014-01-01']),
      ea: r.pick(['EA07', 'EA09'] as const),
    },
  };
}

/** A credit whose amount is any encodable value (uniform over the 65,536 fields, or a small everyday one). */
export function randomCredit(r: Rng): { service: Service; tenths: number; tid: number; rnd: number } {
  return {
    service: r.pick<Service>(['electricity', 'water']),
    tenths: r.int(2) ? decodeAmount(r.int(65536)) : r.int(5000),
    tid: r.int(2 ** 24),
    rnd: r.int(16),
  };
}
