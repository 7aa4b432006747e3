/** @module Turning `guichet sts` options into engine inputs, with one clear sentence for each thing that is wrong. */
import { readFileSync } from 'node:fs';
import { StsError } from './errors.js';
import type { StsKeyData } from './key-data.js';
import { parsePan } from './luhn.js';
import type { MeterKeyInput } from './meter-key.js';
import type { BaseDate } from './tid.js';

export type Values = Record<string, string | boolean | undefined>;

/** A usage mistake (missing or malformed option): exit code 2 like a refused value. */
export class UsageError extends Error {}

export function need(v: Values, name: string): string {
  const x = v[name];
  if (typeof x !== 'string' || x.trim() === '') throw new UsageError(`missing --${name}`);
  return x.trim();
}

/**
 * The vending key: --vending-key, else GUICHET_STS_VENDING_KEY or the file GUICHET_STS_VENDING_KEY_FILE (README, Configuration),
 * which keeps the secret off the command line (and out of `ps`). Its value never appears in a message.
 */
export function vendingKey(v: Values, env: NodeJS.ProcessEnv): string {
  if (typeof v['vending-key'] === 'string') return v['vending-key'].trim();
  if (env.GUICHET_STS_VENDING_KEY) return env.GUICHET_STS_VENDING_KEY.trim();
  if (env.GUICHET_STS_VENDING_KEY_FILE) {
    try {
      return readFileSync(env.GUICHET_STS_VENDING_KEY_FILE, 'utf8').trim();
    } catch {
      throw new UsageError(`cannot read the vending key file named by GUICHET_STS_VENDING_KEY_FILE`);
    }
  }
  throw new UsageError('missing --vending-key (or GUICHET_STS_VENDING_KEY / GUICHET_STS_VENDING_KEY_FILE)');
}

/** Meter key inputs from --pan, the key data options and the vending key. */
export function meterInput(v: Values, env: NodeJS.ProcessEnv): MeterKeyInput {
  const { iin, pan } = parsePan(need(v, 'pan'));
  const key: StsKeyData = {
    iin,
    sgc: need(v, 'sgc'),
    ti: need(v, 'ti'),
    krn: need(v, 'krn'),
    kt: need(v, 'kt'),
    baseDate: (typeof v['base-date'] === 'string' ? v['base-date'] : '1993-01-01') as BaseDate,
    ea: (typeof v.ea === 'string' ? v.ea.toUpperCase() : 'EA07') as StsKeyData['ea'],
    dkga: (typeof v.dkga === 'string' ? v.dkga.toUpperCase() : 'DKGA02') as StsKeyData['dkga'],
  };
  return { vendingKey: vendingKey(v, env), pan, key };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO 8601 date-time; without a zone it is read as UTC, so the result never depends on the machine's zone. */
export function parseIsoDate(text: string): Date {
  const m = ISO.exec(text.trim());
  if (!m) throw new StsError('bad_date', `--at must be an ISO 8601 date-time such as 2026-11-26T08:00:00Z (got "${text}")`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number((frac + '000').slice(0, 3)));
  const check = new Date(utc);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    throw new StsError('bad_date', `--at ${text} is not a real date and time`);
  }
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const z = zone.replace(':', '');
    offset = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  return new Date(utc - offset * 60_000);
}

export function parseRnd(text: string): number {
  if (!/^\d{1,2}$/.test(text) || Number(text) > 15) {
    throw new StsError('bad_rnd', `--rnd must be a whole number from 0 to 15 (got "${text}")`);
  }
  return Number(text);
}
