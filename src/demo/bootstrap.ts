/** @module Demo mode: an empty store gets the built-in programme and a generated registry, and says so everywhere. */
import type { Logger } from 'pino';
import { builtinProgramme } from '../programmes/index.js';
import { generateDemoRegistry } from '../registry/demo-data.js';
import type { Store } from '../store/contract.js';
import type { Subscriber } from '../domain/subscriber.js';
import type { RegistryIndex } from '../claims/registry-index.js';
import type { ProgrammeView } from '../claims/ports.js';

/** Phase-1 retains exactly these (plus the 15% or more it does not): over the 20,000 subscribers a demo store must hold. */
export const DEMO_SIZE = { electricity: 16_000, water: 6_000, seed: 2020 } as const;

export interface DemoSamples {
  prepaid: string[];
  postpaid: string[];
  water: string[];
  not_retained: string[];
}

/** Returns whether this node runs in demo mode: a store already marked demo, or an empty one it fills now. */
export async function ensureDemo(store: Store, log: Logger): Promise<boolean> {
  if ((await store.setting('demo')) === '1') {
    log.warn('DÉMO: this store holds demo data (built-in programme gratuite-2020, generated registry)');
    return true;
  }
  if ((await store.subscribers.count()) > 0) return false;
  const t0 = performance.now();
  let batch: Subscriber[] = [];
  let n = 0;
  for (const s of generateDemoRegistry(DEMO_SIZE)) {
    batch.push(s);
    if (batch.length === 5000) {
      n += (await store.subscribers.upsertBatch(batch)).added;
      batch = [];
    }
  }
  n += (await store.subscribers.upsertBatch(batch)).added;
  await store.programmes.save(builtinProgramme());
  await store.setSetting('demo', '1');
  log.warn({ subscribers: n, ms: Math.round(performance.now() - t0) },
    'DÉMO: empty store, loaded the built-in programme gratuite-2020 and a generated demo registry');
  return true;
}

/** A few numbers of each kind for the landing page, chosen by the programme itself, so they always work. */
export function demoSamples(index: RegistryIndex, programme: ProgrammeView, per = 3): DemoSamples {
  const out: DemoSamples = { prepaid: [], postpaid: [], water: [], not_retained: [] };
  const cycle = programme.defaultCycle();
  if (!cycle) return out;
  for (const s of index.all()) {
    const retained = programme.decide(cycle.id, s).retained;
    const list = !retained ? out.not_retained : s.service === 'water' ? out.water : s.metering === 'prepaid' ? out.prepaid : out.postpaid;
    if (list.length < per) list.push(s.meter_no);
    if (Object.values(out).every((l) => l.length >= per)) break;
  }
  return out;
}
