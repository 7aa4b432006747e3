/** @module Test fixtures for programmes: hand-built subscribers and programmes, and a helper to read French spacing plainly. */
import type { Benefit, Cycle, Programme } from '../../domain/programme.js';
import type { Subscriber } from '../../domain/subscriber.js';

/** A retained-by-default phase-1 electricity subscriber: social, 1 kW, particulier, postpaid. */
export function sub(over: Partial<Subscriber> = {}): Subscriber {
  return {
    contract_no: 'C0001', meter_no: '01234567890', service: 'electricity', metering: 'postpaid', tariff: 'social',
    power_kw: 1, avg_monthly_use: 120, category: 'particulier', holder_name: 'Mba Ondo', agency: 'Owendo',
    district: 'Akournam', phone: '+24177123456', sts_iin: null, sts_sgc: null, sts_ti: null, sts_krn: null,
    sts_kt: null, sts_base_date: null, ...over,
  };
}

export function water(over: Partial<Subscriber> = {}): Subscriber {
  return sub({ service: 'water', power_kw: null, avg_monthly_use: 10, ...over });
}

/** A one-cycle programme around `benefits`, for rule and message tests. */
export function programmeWith(benefits: Benefit[], cycle: Partial<Cycle> & { wording?: { fr: string; en: string } } = {}): Programme {
  return {
    id: 'test',
    name: 'Test',
    prices: { electricity: { social: 48, general: 109.5 }, water: { social: 280, general: 495 } },
    cycles: [{ id: 'c1', label: 'Cycle 1', wording: { fr: 'la phase 2', en: 'phase 2' }, state: 'open', budget_fcfa: null, benefits, ...cycle } as Cycle],
  };
}

/** French sentences use no-break spaces (U+00A0, U+202F); tests compare against plain spaces for readability. */
export function plain(s: string): string {
  return s.replace(/[\u00A0\u202F]/g, ' ');
}
