/** @module Demo registries (`guichet demo-data`): phase-1 retains exactly N electricity and M water subscribers; same seed, same bytes. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Subscriber } from '../domain/subscriber.js';
import { REGISTRY_HEADER, subscriberCsvLine } from './csv.js';
import { ADMINISTRATION_TEMPLATES, AGENCIES, BUSINESS_TEMPLATES, FIRST_NAMES, SURNAMES, type Agency } from './demo-places.js';
import { otherProfile, retainedElectricityProfile, retainedWaterProfile, stsTariffIndex, type Profile } from './demo-profiles.js';
import { luhnCheckDigit } from '../sts/index.js';
import { Permutation8, Prng, Weighted } from './prng.js';

export interface DemoOptions {
  /** Electricity subscribers phase-1 retains. */
  electricity: number;
  /** Water subscribers phase-1 retains. */
  water: number;
  seed?: string | number;
}

export interface DemoPlan {
  rows: number;
  electricity: number;
  water: number;
  /** Electricity subscribers phase-1 retains that are on STS prepaid meters. */
  prepaidElectricity: number;
  /** Rows phase-1 does not retain. */
  others: number;
}

export const DEFAULT_DEMO_SEED = 'gratuite-2020';
/** In 2020, 55,000 of the 248,200 electricity beneficiaries were on prepaid meters. */
const PREPAID_SHARE = 55_000 / 248_200;
/** "At least 15% more rows that phase-1 does not retain": 16% keeps clear of the line after rounding. */
const OTHERS_SHARE = 0.16;

/** How many rows of each kind a demo registry holds; throws on counts that are not whole numbers or too large. */
export function demoPlan(opts: DemoOptions): DemoPlan {
  for (const [name, n] of [['electricity', opts.electricity], ['water', opts.water]] as const) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${n}`);
  }
  const others = Math.ceil((opts.electricity + opts.water) * OTHERS_SHARE);
  const rows = opts.electricity + opts.water + others;
  // Contract and meter numbers are 8-digit permutations of the row index.
  if (rows >= 1e8) throw new RangeError(`a demo registry holds fewer than 100,000,000 rows, asked for ${rows}`);
  return { rows, electricity: opts.electricity, water: opts.water, prepaidElectricity: Math.round(opts.electricity * PREPAID_SHARE), others };
}

const AGENCY = new Weighted<Agency>(AGENCIES.map((a) => [a, a.weight]));
const PHONE_PREFIX = new Weighted<string>([['77', 30], ['74', 20], ['66', 20], ['62', 15], ['65', 10], ['76', 5]]);
const STS11_MAKERS = ['01', '04', '14', '37', '58'];
const STS13_MAKERS = ['0141', '0142', '0370'];

const pad8 = (n: number): string => String(n).padStart(8, '0');

/** The subscribers of a demo registry, in file order. Deterministic: a function of the options only. */
export function* generateDemoRegistry(opts: DemoOptions): Generator<Subscriber, DemoPlan> {
  const plan = demoPlan(opts);
  const rng = new Prng(String(opts.seed ?? DEFAULT_DEMO_SEED));
  const contracts = new Permutation8(rng);
  const meters = new Permutation8(rng);
  let leftE = plan.electricity;
  let leftW = plan.water;
  let leftX = plan.others;
  let leftPrepaid = plan.prepaidElectricity;

  for (let i = 0; i < plan.rows; i++) {
    // Kinds are interleaved at random with exact totals: draw each in proportion to what is left of it.
    const x = rng.int(leftE + leftW + leftX);
    let p: Profile;
    let prepaid: boolean;
    if (x < leftE) {
      p = retainedElectricityProfile(rng);
      // Selection sampling: exactly prepaidElectricity of the retained electricity rows, spread evenly at random.
      prepaid = rng.int(leftE) < leftPrepaid;
      if (prepaid) leftPrepaid--;
      leftE--;
    } else if (x < leftE + leftW) {
      p = retainedWaterProfile(rng);
      prepaid = rng.next() < p.prepaid;
      leftW--;
    } else {
      p = otherProfile(rng);
      prepaid = rng.next() < p.prepaid;
      leftX--;
    }
    yield subscriber(rng, p, prepaid, contracts.apply(i), meters.apply(i));
  }
  return plan;
}

function subscriber(rng: Prng, p: Profile, prepaid: boolean, contractId: number, meterId: number): Subscriber {
  const agency = AGENCY.pick(rng);
  const district = rng.pick(agency.districts);
  const s: Subscriber = {
    contract_no: `${agency.code}-${pad8(contractId)}`,
    meter_no: '',
    service: p.service,
    metering: prepaid ? 'prepaid' : 'postpaid',
    tariff: p.tariff,
    power_kw: p.power_kw,
    avg_monthly_use: p.use_tenths / 10,
    category: p.category,
    holder_name: holderName(rng, p, agency, district),
    agency: agency.name,
    district,
    phone: rng.next() < (p.category === 'particulier' ? 0.88 : p.category === 'professionnel' ? 0.7 : 0.4)
      ? `+241${PHONE_PREFIX.pick(rng)}${rng.digits(6)}` : null,
    sts_iin: null, sts_sgc: null, sts_ti: null, sts_krn: null, sts_kt: null, sts_base_date: null,
  };
  if (!prepaid) {
    // Postpaid meters: 9 digits, first one telling the service apart, as billing systems often do.
    s.meter_no = `${p.service === 'electricity' ? rng.range(1, 4) : rng.range(5, 6)}${pad8(meterId)}`;
    return s;
  }
  // STS decoder reference numbers: mostly 11 digits (IIN 600727), some 13 (IIN 0000); 18-digit PAN either way.
  const long = rng.next() < 0.08;
  const body = `${rng.pick(long ? STS13_MAKERS : STS11_MAKERS)}${pad8(meterId)}`;
  s.meter_no = body + luhnCheckDigit(body);
  s.sts_iin = long ? '0000' : '600727';
  s.sts_sgc = rng.pick(agency.sgcs);
  s.sts_ti = stsTariffIndex(p.service, p.tariff, p.category);
  s.sts_krn = rng.next() < 0.2 ? 2 : 1;
  s.sts_kt = '02';
  // 1993-based TIDs ran out on 2024-11-24: meters still in service were re-keyed to base date 2014-01-01.
  // The draw stays so the same seed keeps giving the same file for every other column.
  rng.next();
  s.sts_base_date = '2014-01-01';
  return s;
}

function holderName(rng: Prng, p: Profile, agency: Agency, district: string): string {
  if (p.category === 'particulier') {
    const family = rng.next() < 0.45 ? `${rng.pick(SURNAMES)} ${rng.pick(SURNAMES)}` : rng.pick(SURNAMES);
    return `${family} ${rng.pick(FIRST_NAMES)}`;
  }
  const template = rng.pick(p.category === 'professionnel' ? BUSINESS_TEMPLATES : ADMINISTRATION_TEMPLATES);
  return template.replace(/\{([SFDA])\}/g, (_, k: string) => {
    if (k === 'S') return rng.pick(SURNAMES).charAt(0) + rng.pick(SURNAMES).slice(1).toLowerCase();
    if (k === 'F') return rng.pick(FIRST_NAMES);
    return k === 'D' ? district : agency.name;
  });
}

/** The registry as CSV text in chunks of about 64 KB (header first): few writes, no 60 MB
 * string, and chunks short-lived enough to die young (bigger ones got promoted and made GC the main cost). */
export function* demoRegistryCsvChunks(opts: DemoOptions): Generator<string, DemoPlan> {
  const rows = generateDemoRegistry(opts);
  let chunk = REGISTRY_HEADER;
  for (;;) {
    const r = rows.next();
    if (r.done) {
      yield chunk;
      return r.value;
    }
    chunk += subscriberCsvLine(r.value);
    if (chunk.length >= 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
}

/**
 * Writes a demo registry to `path`, honouring the stream's back-pressure. The file appears whole or not at
 * all: it is written beside, then renamed.
 */
export async function writeDemoRegistryCsv(path: string, opts: DemoOptions): Promise<DemoPlan> {
  const tmp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    const chunks = demoRegistryCsvChunks(opts);
    let plan: DemoPlan;
    for (;;) {
      const c = chunks.next();
      if (c.done) {
        plan = c.value;
        break;
      }
      if (!out.write(c.value)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(tmp, path);
    return plan;
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
