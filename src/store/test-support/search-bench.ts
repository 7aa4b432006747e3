/**
 * @module A quick benchmark of the desk's search on a real store (run by hand, not by the suite):
 *   node --import tsx src/store/test-support/search-bench.ts --data-dir DIR | --database-url URL
 * Picks real names, meters, contracts and phones from the store, misspells some names, and prints p50/p95/max per kind.
 */
import { parseArgs } from 'node:util';
import { openStore } from '../open.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, rounds: { type: 'string' } } });
const store = await openStore({ dataDir: values['data-dir'] ?? './data', databaseUrl: values['database-url'] ?? null }, { purpose: 'command', mustExist: true });
const rounds = Number(values.rounds ?? 40);

/** A deterministic sample spread over the registry. */
const sample: StoredSubscriber[] = [];
let i = 0;
for await (const s of store.subscribers.iterateAll()) if (i++ % 9973 === 0) sample.push(s);
const total = await store.subscribers.count();

/** One slip: a letter dropped, doubled or swapped, as a caller's name is heard and typed. */
function misspell(name: string, k: number): string {
  const w = name.split(' ')[0];
  if (w.length < 5) return name;
  const p = 1 + (k % (w.length - 2));
  const slipped = k % 3 === 0 ? w.slice(0, p) + w.slice(p + 1) : k % 3 === 1 ? w.slice(0, p) + w[p] + w.slice(p) : w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2);
  return [slipped, ...name.split(' ').slice(1)].join(' ');
}

const kinds: Record<string, (s: StoredSubscriber, k: number) => string> = {
  meter: (s) => s.meter_no,
  contract: (s) => s.contract_no.toLowerCase().replace('-', ' '),
  phone: (s) => s.phone ?? '+24177000000',
  'family name': (s) => s.holder_name.split(' ')[0],
  'full name, any order': (s) => s.holder_name.split(' ').reverse().join(' ').toLowerCase(),
  'name with a slip': (s, k) => misspell(s.holder_name, k),
  'slip, in its agency': (s, k) => misspell(s.holder_name, k),
};
const agencyOf: Record<string, boolean> = { 'slip, in its agency': true };

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
console.log(`${store.engine} store, ${total} subscribers, ${sample.length} sampled, ${rounds} rounds`);
await store.subscribers.search('warm up', 10);
for (const [kind, q] of Object.entries(kinds)) {
  const times: number[] = [];
  let found = 0;
  for (let r = 0; r < rounds; r++) {
    const s = sample[r % sample.length];
    const text = q(s, r);
    const t0 = performance.now();
    const hits = await store.subscribers.search(text, 20, agencyOf[kind] ? { agency: s.agency } : {});
    times.push(performance.now() - t0);
    if (hits.some((h) => h.subscriber.id === s.id)) found++;
  }
  times.sort((a, b) => a - b);
  console.log(`${kind.padEnd(22)} p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  max ${times.at(-1)!.toFixed(1)} ms  the caller among the 20 shown: ${found}/${rounds}`);
}
await store.close();
