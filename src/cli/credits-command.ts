/** @module `guichet export credits` and `guichet codes import`. */
import { STORE_OPTIONS, UsageError, openCommandStore, parse, runCommand } from './args.js';
import { exportCredits } from '../credits/export.js';
import { CodeFileError, importCodes } from '../credits/code-import.js';

const EXPORT_USAGE = 'export credits --cycle C --out FILE [--all] [--data-dir DIR | --database-url URL]';
const CODES_USAGE = 'codes import FILE [--data-dir DIR | --database-url URL]';

export function exportCommand(argv: string[]): Promise<number> {
  return runCommand('export', EXPORT_USAGE, async () => {
    const { values, positionals } = parse(argv, { ...STORE_OPTIONS, cycle: { type: 'string' }, out: { type: 'string' }, all: { type: 'boolean' } });
    if (values.help) {
      console.log(`usage: guichet ${EXPORT_USAGE}\nWrites the postpaid credits of cycle C (all credits with --all, never the tokens) as CSV.`);
      return 0;
    }
    if (positionals[0] !== 'credits') throw new UsageError('say what to export: `export credits`.');
    if (!values.cycle) throw new UsageError('--cycle is required.');
    if (!values.out) throw new UsageError('--out is required.');
    const store = await openCommandStore(values, { mustExist: true });
    try {
      const n = await exportCredits(store.claims, { cycle: values.cycle, out: values.out, all: values.all === true });
      console.log(`${n} credit(s) of cycle ${values.cycle} written to ${values.out}`);
      return 0;
    } finally {
      await store.close();
    }
  });
}

export function codesCommand(argv: string[]): Promise<number> {
  return runCommand('codes', CODES_USAGE, async () => {
    const { values, positionals } = parse(argv, STORE_OPTIONS);
    if (values.help) {
      console.log(`usage: guichet ${CODES_USAGE}\nFILE is a CSV with columns meter_no,cycle,token,units (units in kWh or m3, one decimal at most).\nRows that fail are written to FILE.rejects.csv with their line number and reason.`);
      return 0;
    }
    if (positionals[0] !== 'import' || !positionals[1]) throw new UsageError('give the file: `codes import FILE`.');
    const store = await openCommandStore(values, { mustExist: false });
    try {
      const t0 = performance.now();
      const s = await importCodes(store.codes, positionals[1]);
      console.log(`codes: ${s.read} read, ${s.added} added, ${s.rejected} rejected${s.rejectsFile ? ` (see ${s.rejectsFile})` : ''}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return 0;
    } catch (e) {
      if (e instanceof CodeFileError) throw new UsageError(e.message);
      throw e;
    } finally {
      await store.close();
    }
  });
}
