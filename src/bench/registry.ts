/** @module The bench's registry: generated and imported by the real commands, then the retained meter numbers read back through the store, as a node reads them. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinProgramme, compileProgramme } from '../programmes/index.js';
import { openStore } from '../store/open.js';
import { run } from './processes.js';
import { ROOT, type Runner } from './runner.js';
import { Prng } from '../registry/prng.js';

export interface RegistrySize {
  electricity: number;
  water: number;
  seed: string | null;
  /** The order the load claims the meters in: a seeded random permutation (a crowd), or the registry's (to compare). */
  order: 'random' | 'registry';
}

/**
 * A crowd does not arrive in registry order: claimed in id order, each group commit appends to a few pages of the
 * credit and journal indexes, where a real crowd touches pages all over them. Seeded (Fisher-Yates on sfc32), so
 * two runs claim in the same order.
 */
export function arrivalOrder<T>(items: readonly T[], seed: string): T[] {
  const out = items.slice();
  const rng = new Prng(`arrivals/${seed}`);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface PreparedRegistry {
  dataDir: string;
  /** One retained meter number a line, in registry order: what the load generator claims. */
  metersFile: string;
  meters: string[];
  rows: number;
  programme: string;
  cycle: string;
  generateS: number;
  importS: number;
}

async function guichet(runner: Runner, args: string[], what: string): Promise<number> {
  const t0 = performance.now();
  const r = await run(process.execPath, runner.guichet(args), { cwd: ROOT, env: benchEnv() });
  if (r.code !== 0) {
    throw new Error(`${what} failed (guichet ${args[0]} exit ${r.code}):\n${(r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n')}`);
  }
  return (performance.now() - t0) / 1000;
}

/** The environment of every guichet command a bench runs: no store or key of the operator's leaks in. */
export function benchEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['GUICHET_DATA_DIR', 'DATABASE_URL', 'PORT', 'GUICHET_STS_VENDING_KEY', 'GUICHET_STS_VENDING_KEY_FILE', 'GUICHET_PREPAID_ISSUER']) delete env[k];
  return { ...env, GUICHET_HOST: '127.0.0.1', ...extra };
}

/** demo-data, then import, into `workDir`; then the meters phase-1 retains, as the node will decide them. */
export async function prepareRegistry(runner: Runner, workDir: string, size: RegistrySize, log: (s: string) => void): Promise<PreparedRegistry> {
  const csv = join(workDir, 'registry.csv');
  const dataDir = join(workDir, 'data');
  const seed = size.seed === null ? [] : ['--seed', size.seed];
  // A reused --work-dir must not carry the last run's credits (they would come back as replays).
  rmSync(dataDir, { recursive: true, force: true });
  log(`registry: guichet demo-data --electricity ${size.electricity} --water ${size.water}${seed.length ? ` --seed ${size.seed}` : ''}`);
  const generateS = await guichet(runner, ['demo-data', '--electricity', String(size.electricity), '--water', String(size.water), ...seed, '--out', csv], 'generating the registry');
  log(`registry: generated in ${generateS.toFixed(1)} s; guichet import`);
  const importS = await guichet(runner, ['import', csv, '--data-dir', dataDir], 'importing the registry');
  log(`registry: imported in ${importS.toFixed(1)} s`);
  const r = await retainedMeters(dataDir);
  const metersFile = join(workDir, 'meters.txt');
  const meters = size.order === 'random' ? arrivalOrder(r.meters, size.seed ?? 'guichet-bench') : r.meters;
  writeFileSync(metersFile, meters.join('\n') + '\n');
  log(`registry: ${r.rows} rows, ${r.meters.length} retained by ${r.programme}/${r.cycle}; claimed in ${size.order === 'random' ? 'a seeded random order (--order registry to compare)' : 'registry order'}`);
  return { dataDir, metersFile, generateS, importS, ...r };
}

/**
 * The programme in force is the one the node will use (the last loaded, else the built-in one), so the list is
 * exactly what the node retains, whatever the generator or importer did. Read-only: the store is not touched.
 */
export async function retainedMeters(dataDir: string): Promise<{ meters: string[]; rows: number; programme: string; cycle: string }> {
  const store = await openStore({ dataDir, databaseUrl: null }, { purpose: 'command', mustExist: true });
  try {
    const p = (await store.programmes.latest()) ?? builtinProgramme();
    const compiled = compileProgramme(p);
    const cycle = compiled.openCycle;
    if (!cycle) throw new Error(`programme ${p.id} has no open cycle: nothing can be claimed`);
    const meters: string[] = [];
    let rows = 0;
    for await (const s of store.subscribers.iterateAll()) {
      rows++;
      if (compiled.decide(cycle.id, s).retained) meters.push(s.meter_no);
    }
    return { meters, rows, programme: p.id, cycle: cycle.id };
  } finally {
    await store.close();
  }
}
