/** @module `guichet import` and `guichet demo-data`: thin command-line shells over importRegistry and writeDemoRegistryCsv. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chosenStore, parse, runCommand, STORE_OPTIONS, UsageError } from './args.js';
import type { Store } from '../store/contract.js';
import { openStore } from '../store/open.js';
import { writeDemoRegistryCsv } from '../registry/demo-data.js';
import { RegistryFileError } from '../registry/errors.js';
import { formatSummary, importRegistry, type ImportSummary } from '../registry/import.js';
import { checkRegistryFile } from '../registry/source.js';
import { count, int } from '../lib/words.js';

const IMPORT_USAGE = 'import FILE [--data-dir DIR | --database-url URL]';
const IMPORT_HELP = `usage: guichet ${IMPORT_USAGE}

Adds or updates subscribers by contract_no from a registry CSV (UTF-8, header row, RFC 4180 quoting, extra
columns ignored; the columns, the rules and every reason code are in docs/registry-format.md). Rows that fail
validation are skipped and written, with their line number and reason, to FILE.rejects.csv. A file that breaks
midway (a quote never closed, a row over 64 KB) stops the import at that line: the rows before it are imported,
and the message says how many. Re-importing is safe (rows are upserted by contract_no).
Exit 0 when the file was read (even with rejects), 1 when it could not be, or not to the end.

  --data-dir DIR       embedded store folder (default: env GUICHET_DATA_DIR, else ./data)
  --database-url URL   PostgreSQL store instead (default: env DATABASE_URL)`;

const DEMO_USAGE = 'demo-data --electricity N --water M [--seed S] --out FILE';
const DEMO_HELP = `usage: guichet ${DEMO_USAGE}

Writes a realistic demo registry in which the demo programme's cycle phase-1 retains exactly N electricity
and M water subscribers (about 22% of the electricity ones on STS prepaid meters), plus 16% more rows that
phase-1 does not retain. Same arguments and seed, same bytes.

  --seed S   any word or number (default gratuite-2020)`;

export async function importCommand(argv: string[]): Promise<number> {
  return runCommand('import', IMPORT_USAGE, async () => {
    const { values, positionals } = parse(argv, STORE_OPTIONS);
    if (values.help) {
      console.log(IMPORT_HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'which file? give the registry CSV' : 'one file at a time');
    const file = positionals[0];
    const config = chosenStore(values);
    try {
      // Checked before the store is opened: a wrong file must not even create an empty store.
      checkRegistryFile(file);
      const store = await openStore(config, { purpose: 'command' });
      try {
        console.log(formatSummary(await importInto(file, store)));
      } finally {
        await store.close();
      }
      return 0;
    } catch (e) {
      // One plain line, whatever went wrong (a locked or full disk, an unreachable database): no stack.
      console.error(`guichet import: ${e instanceof RegistryFileError ? '' : 'failed: '}${(e as Error).message}`);
      if (process.env.GUICHET_DEBUG && !(e instanceof RegistryFileError)) console.error(e);
      return 1;
    }
  });
}

async function importInto(file: string, store: Store): Promise<ImportSummary> {
  return store.bulkLoad(() => importRegistry(file, store.subscribers));
}

export async function demoDataCommand(argv: string[]): Promise<number> {
  return runCommand('demo-data', DEMO_USAGE, async () => {
    const { values } = parse(argv, {
      electricity: { type: 'string' },
      water: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(DEMO_HELP);
      return 0;
    }
    const countFlag = (name: 'electricity' | 'water'): number => {
      const v = values[name];
      if (v === undefined) throw new UsageError(`--${name} N is required`);
      if (!/^\d{1,8}$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
      return Number(v);
    };
    const electricity = countFlag('electricity');
    const water = countFlag('water');
    if (!values.out) throw new UsageError('--out FILE is required');
    const started = performance.now();
    try {
      mkdirSync(dirname(values.out), { recursive: true });
      const plan = await writeDemoRegistryCsv(values.out, { electricity, water, seed: values.seed });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `wrote ${count(plan.rows, 'row')} to ${values.out} in ${seconds} s: phase-1 retains ${int(plan.electricity)} electricity ` +
        `(${int(plan.prepaidElectricity)} on prepaid meters) and ${count(plan.water, 'water subscriber')}; ${count(plan.others, 'row')} it does not retain`,
      );
      return 0;
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      const err = e as NodeJS.ErrnoException;
      if (typeof err.syscall !== 'string') throw e;
      console.error(`guichet demo-data: cannot write ${values.out} (${err.code ?? err.message})`);
      return 1;
    }
  });
}
