/** @module `guichet export credits` and `guichet codes import`. */
import { STORE_OPTIONS, UsageError, openCommandStore, parse, runCommand } from './args.js';
import { EXPORT_COLUMNS, exportCredits } from '../credits/export.js';
import { builtinProgramme } from '../programmes/index.js';
import type { Store } from '../store/contract.js';
import { count, int } from '../lib/words.js';
import { CodeFileError, checkCodeFile, importCodes } from '../credits/code-import.js';

const EXPORT_USAGE = 'export credits --cycle C --out FILE [--all] [--data-dir DIR | --database-url URL]';
/**
 * Meter and contract numbers are text with leading zeros that matter (`00012345678`); a spreadsheet that opens the
 * file by a double-click reads them as numbers and drops the zeros. Said with the help and after every export.
 */
const SPREADSHEET_NOTE = 'In a spreadsheet, open it with Data > From Text/CSV (LibreOffice: the import dialog) and set contract_no and meter_no to Text: a double-click reads them as numbers and drops their leading zeros (docs/registry-format.md).';

const EXPORT_HELP = `usage: guichet ${EXPORT_USAGE}

Writes the credits of cycle C as CSV for the billing system: the postpaid ones (the accounts to credit), or all
of them with --all. Tokens are never exported. Columns: ${EXPORT_COLUMNS.join(', ')}.
Text cells a spreadsheet would run as a formula (starting with = + - @) are written with a leading '.
${SPREADSHEET_NOTE}`;

const CODES_USAGE = 'codes import FILE [--data-dir DIR | --database-url URL]';

export function exportCommand(argv: string[]): Promise<number> {
  return runCommand('export', EXPORT_USAGE, async () => {
    const { values, positionals } = parse(argv, { ...STORE_OPTIONS, cycle: { type: 'string' }, out: { type: 'string' }, all: { type: 'boolean' } });
    if (values.help) {
      console.log(EXPORT_HELP);
      return 0;
    }
    if (positionals[0] !== 'credits') throw new UsageError('say what to export: `export credits`.');
    if (!values.cycle) throw new UsageError('--cycle is required.');
    if (!values.out) throw new UsageError('--out is required.');
    const store = await openCommandStore(values, { mustExist: true });
    try {
      const known = await knownCycles(store);
      if (!known.includes(values.cycle)) {
        throw new UsageError(`no cycle "${values.cycle}" in ${store.location}: the cycles are ${known.join(', ') || 'none'}.`);
      }
      const n = await exportCredits(store.claims, { cycle: values.cycle, out: values.out, all: values.all === true });
      console.log(`${count(n, 'credit')} of cycle ${values.cycle} written to ${values.out}`);
      console.log(SPREADSHEET_NOTE);
      return 0;
    } finally {
      await store.close();
    }
  });
}

/** The cycles an export can name: those of every stored programme (the built-in one if none) and any with credits. */
async function knownCycles(store: Store): Promise<string[]> {
  const stored = (await store.programmes.list()).flatMap((p) => p.cycles.map((c) => c.id));
  const programmes = stored.length ? stored : builtinProgramme().cycles.map((c) => c.id);
  const spent = [...(await store.claims.spendByCycle()).keys()].map((k) => k.slice(k.indexOf('\u0000') + 1));
  return [...new Set([...programmes, ...spent])];
}

export function codesCommand(argv: string[]): Promise<number> {
  return runCommand('codes', CODES_USAGE, async () => {
    const { values, positionals } = parse(argv, STORE_OPTIONS);
    if (values.help) {
      console.log(`usage: guichet ${CODES_USAGE}\nFILE is a CSV with columns meter_no,cycle,token,units (units in kWh or m3, one decimal at most).\nRows that fail are written to FILE.rejects.csv with their line number and reason.`);
      return 0;
    }
    if (positionals[0] !== 'import' || !positionals[1]) throw new UsageError('give the file: `codes import FILE`.');
    try {
      checkCodeFile(positionals[1]);
    } catch (e) {
      if (e instanceof CodeFileError) throw new UsageError(e.message);
      throw e;
    }
    const store = await openCommandStore(values, { mustExist: false });
    try {
      const t0 = performance.now();
      const s = await importCodes(store.codes, positionals[1]);
      console.log(`codes: ${int(s.read)} read, ${int(s.added)} added, ${int(s.rejected)} rejected${s.rejectsFile ? ` (see ${s.rejectsFile})` : ''}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return 0;
    } catch (e) {
      if (e instanceof CodeFileError) throw new UsageError(e.message);
      throw e;
    } finally {
      await store.close();
    }
  });
}
