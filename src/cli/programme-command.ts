/** @module `guichet programme load|show|validate`: operators change programmes without code; a bad file is refused with every problem listed. */
import { parseArgs } from 'node:util';
import { chosenStore } from './args.js';
import { Refused, readProgrammes } from './programme-file.js';
import { openStore, StoreMissing } from '../store/open.js';
import { ConfigError, type StoreConfig } from '../config/config.js';
import type { Programme } from '../domain/programme.js';
import type { StoredProgramme } from '../store/contract.js';
import { showProgramme } from '../programmes/show.js';
import { builtinProgramme } from '../programmes/index.js';

const USAGE = `guichet programme load FILE [--data-dir DIR | --database-url URL]
       guichet programme show [ID] [--data-dir DIR | --database-url URL] [--json] | show --builtin [--json]
       guichet programme validate FILE`;
const HELP = `${USAGE}

  load      check FILE and store it (replacing the programme with the same id); a running server picks it up
  show      print the stored programmes, the one in force first (the built-in one if none is stored yet);
            --builtin: the built-in programme, which a new store starts with (no store needed)
  validate  check FILE only, listing every problem

FILE is a programme (JSON), or what \`programme show --json\` printed: validate checks every programme in it,
load takes one (name it: \`programme show ID --json\`).

Store: PostgreSQL at --database-url, else DATABASE_URL; otherwise DIR/guichet.db, DIR from --data-dir, else
GUICHET_DATA_DIR, else ./data.
Exit: 0 done, 2 bad usage or refused file, 1 store failure.`;

function usageError(message: string): Refused {
  return new Refused(message, [], true);
}

export async function programmeCommand(argv: string[]): Promise<number> {
  const args = argv[0] === 'programme' ? argv.slice(1) : argv;
  try {
    const { values, positionals } = flags(args);
    const [sub, arg, ...extra] = positionals;
    if (values.help) return say(HELP), 0;
    if (extra.length) throw usageError(`unexpected argument "${extra[0]}"`);
    switch (sub) {
      case 'validate': return validate(need(arg, 'validate'));
      case 'load': return await load(need(arg, 'load'), storeOf(values));
      case 'show': return await show(values.builtin === true ? null : storeOf(values), arg, values.json === true);
      default: throw usageError(sub === undefined ? 'missing sub-command' : `unknown sub-command "${sub}"`);
    }
  } catch (e) {
    if (e instanceof StoreMissing) {
      console.error(`guichet programme: ${e.message} (\`programme show --builtin\` shows the built-in programme)`);
      return 2;
    }
    if (e instanceof Refused) {
      console.error(`guichet programme: ${e.message}`);
      for (const p of e.problems) console.error(`  - ${p}`);
      if (e.showUsage) console.error(`usage: ${USAGE}`);
      return 2;
    }
    // Store failures and the like: one plain line, never a stack trace.
    console.error(`guichet programme: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function flags(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, json: { type: 'boolean' }, builtin: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

/** The store the flags and environment name, the same way as every other command; conflicting flags are refused. */
function storeOf(values: Record<string, unknown>): StoreConfig {
  try {
    return chosenStore(values);
  } catch (e) {
    if (e instanceof ConfigError) throw new Refused('configuration refused:', e.problems);
    throw e;
  }
}

function say(s: string): void {
  console.log(s);
}

function need(arg: string | undefined, sub: string): string {
  if (!arg) throw usageError(`${sub} needs a FILE`);
  return arg;
}

function summary(p: Programme): string {
  return `${p.id} (${p.cycles.map((c) => `${c.id} ${c.state}`).join(', ')})`;
}

function validate(file: string): number {
  for (const p of readProgrammes(file)) say(`${file}: valid programme ${summary(p)}`);
  return 0;
}

async function load(file: string, config: StoreConfig): Promise<number> {
  const all = readProgrammes(file);
  if (all.length > 1) throw new Refused(`${file} holds ${all.length} programmes (${all.map((p) => p.id).join(', ')}): load one at a time (\`programme show ID --json\` prints one)`);
  const p = all[0];
  const store = await openStore(config, { purpose: 'command' });
  try {
    let before: Programme | null = null;
    try {
      before = await store.programmes.get(p.id);
    } catch {
      before = null; // a damaged stored copy is exactly what a reload replaces
    }
    const at = await store.programmes.saveStamped(p);
    say(`loaded programme ${summary(p)} into ${store.location} at ${at}`);
    for (const line of changes(before, p)) say(`  ${line}`);
    say('A running server switches to it on its next refresh.');
    return 0;
  } finally {
    await store.close();
  }
}

/** What a reload changes in the cycles an operator cares about most: states, amounts and budgets. */
function changes(before: Programme | null, after: Programme): string[] {
  if (!before) return ['new programme'];
  const out: string[] = [];
  const old = new Map(before.cycles.map((c) => [c.id, c]));
  for (const c of after.cycles) {
    const o = old.get(c.id);
    if (!o) { out.push(`${c.id}: new cycle (${c.state})`); continue; }
    if (o.state !== c.state) out.push(`${c.id}: ${o.state} -> ${c.state}`);
    if (o.budget_fcfa !== c.budget_fcfa) out.push(`${c.id}: budget ${o.budget_fcfa ?? 'none'} -> ${c.budget_fcfa ?? 'none'} FCFA`);
    for (const b of c.benefits) {
      const ob = o.benefits.find((x) => x.service === b.service);
      if (ob && ob.amount_fcfa !== b.amount_fcfa) out.push(`${c.id}: ${b.service} ${ob.amount_fcfa} -> ${b.amount_fcfa} FCFA`);
    }
    old.delete(c.id);
  }
  for (const id of old.keys()) out.push(`${id}: removed`);
  return out.length ? out : ['same cycles, states, amounts and budgets as before'];
}

/** `config` null: the built-in programme alone (`--builtin`). Looking never creates a store: a missing one is an error. */
async function show(config: StoreConfig | null, id: string | undefined, json: boolean): Promise<number> {
  let entries: (StoredProgramme & { source: 'store' | 'builtin' })[] = [];
  let where = 'the built-in programmes';
  if (config !== null) {
    const store = await openStore(config, { purpose: 'command', mustExist: true });
    where = store.location;
    try {
      entries = (await store.programmes.entries()).map((e) => ({ ...e, source: 'store' as const }));
    } finally {
      await store.close();
    }
  }
  const builtin = entries.length === 0;
  if (builtin) entries = [{ programme: builtinProgramme(), loaded_at: '', source: 'builtin' }];
  const inForce = entries[0].programme.id; // the server runs the programme loaded last
  if (id !== undefined) {
    entries = entries.filter((e) => e.programme.id === id);
    if (!entries.length) throw new Refused(`no programme "${id}" in ${where}`);
  }
  if (json) {
    say(JSON.stringify(entries.map((e) => ({ source: e.source, loaded_at: e.loaded_at || null, programme: e.programme })), null, 2));
    return 0;
  }
  if (builtin && config !== null) say(`No programme stored in ${where}: the built-in one below is what \`guichet serve\` starts with.\n`);
  for (const e of entries) say(showProgramme(e.programme, { loadedAt: e.loaded_at || null, inForce: e.programme.id === inForce }));
  return 0;
}
