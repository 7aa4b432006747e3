/** @module `guichet audit verify`: exit 0 when the console's audit chain is intact, else name the first bad entry. */
import { STORE_OPTIONS, UsageError, openCommandStore, parse, runCommand } from './args.js';
import { ConsoleServices } from '../console/index.js';
import { count } from '../lib/words.js';

export const AUDIT_USAGE = 'audit verify [--data-dir DIR | --database-url URL]';
export const AUDIT_SUMMARY = 'check the console audit log’s hash chain, entry by entry, up to its stored head';

export function auditCommand(argv: string[]): Promise<number> {
  return runCommand('audit', AUDIT_USAGE, async () => {
    const { values, positionals } = parse(argv, STORE_OPTIONS);
    if (values.help) {
      console.log(`usage: guichet ${AUDIT_USAGE}\nChecks every entry's hash and link, as \`guichet journal verify\` does for the journal, and that none is missing at the end.`);
      return 0;
    }
    if (positionals[0] !== 'verify' || positionals.length > 1) throw new UsageError('the only audit command is `audit verify`.');
    const store = await openCommandStore(values, { mustExist: true });
    try {
      const t0 = performance.now();
      // One snapshot: head and entries are seen at the same instant while servers keep appending.
      const r = await (ConsoleServices.open(store)).audit.verify();
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      if (r.ok) {
        console.log(`audit log intact: ${count(r.entries, 'entry', 'entries', { plain: true })}, head ${r.head} (${secs} s)`);
        return 0;
      }
      console.error(`audit log NOT intact: first bad entry ${r.seq}: ${r.problem}`);
      console.error(`entries verified before it: ${r.entries}; last good head ${r.head}`);
      return 1;
    } finally {
      await store.close();
    }
  });
}
