/** @module Amounts, quantities, dates, codes and cycle names as a USSD screen writes them (GSM-7: plain spaces, m3). */
import type { CreditRecord } from '../../domain/credit.js';
import type { Cycle } from '../../domain/programme.js';
import { cycleName } from '../../programmes/cycle-name.js';
import { capitalise, formatDate, formatFcfa, formatTenths } from '../../programmes/format.js';
import type { NextCycle } from '../../claims/outcome.js';
import { toGsm7 } from './gsm7-text.js';
import { WORDS, type Lang } from './words.js';

/** Gabon keeps West Africa Time (UTC+1) all year: the day a credit was issued, as the subscriber lived it. */
const LIBREVILLE_OFFSET_MS = 3600_000;

/** "20 000 FCFA" / "20,000 FCFA". */
export const fcfa = (amount: number, lang: Lang): string => toGsm7(formatFcfa(amount, lang));

/** "416,6 kWh", "53,5 m3", from the credit's integer tenths (never through a float). */
export function quantity(c: Pick<CreditRecord, 'units_tenths' | 'unit'>, lang: Lang): string {
  return `${toGsm7(formatTenths(c.units_tenths, lang))} ${c.unit === 'm3' ? 'm3' : c.unit}`;
}

/** "1er avril 2020" / "1 April 2020": the day only, a screen has no room for the hour. */
export function day(iso: string, lang: Lang): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return toGsm7(iso.slice(0, 10));
  return toGsm7(formatDate(new Date(t + LIBREVILLE_OFFSET_MS).toISOString().slice(0, 10), lang));
}

/** "2371 6100 5011 8319 4197": the groups meter keypads and receipts use. */
export function groups(token: string): string {
  return (token.match(/.{1,4}/g) ?? []).join(' ');
}

/** The service in the screen's words ("électricité", "eau"). */
export const serviceWord = (service: string, lang: Lang): string => WORDS[lang].service[service] ?? toGsm7(service);

/** The cycle inside a sentence ("la phase 1"), from the programme's wording. */
export const cycleInSentence = (c: Cycle, lang: Lang): string => toGsm7(cycleName(c)[lang]);

/** The cycle as a heading ("Phase 1 - avril 2020"). */
export const cycleLabel = (c: Cycle, lang: Lang): string => toGsm7(lang === 'en' ? c.label_en ?? c.label : c.label);

/** "La phase 2 ouvrira le ...: vous pourrez alors refaire la demande", only when its rules would retain this person. */
export function nextLine(next: NextCycle | null, lang: Lang): string | null {
  if (!next?.eligible) return null;
  const opens = next.cycle.opens_at ? day(next.cycle.opens_at, lang) : null;
  return WORDS[lang].nextCycle(capitalise(cycleInSentence(next.cycle, lang)), opens);
}

/** Minutes to tell a person who waits: at least 1, rounded up. */
export const minutes = (seconds: number): number => Math.max(1, Math.ceil(seconds / 60));
