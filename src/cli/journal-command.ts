/** @module `guichet journal verify`: exit 0 when the chain is intact and every credit is in it. */
import { STORE_OPTIONS, UsageError, openCommandStore, parse, runCommand } from './args.js';
import { verifyJournalAsync } from '../journal/verify.js';
import { count } from '../lib/words.js';

const USAGE = 'journal verify [--data-dir DIR | --database-url URL]';

export function journalCommand(argv: string[]): Promise<number> {
  return runCommand('journal', USAGE, async () => {
    const { values, positionals } = parse(argv, STORE_OPTIONS);
    if (values.help) {
      console.log(`usage: guichet ${USAGE}\nChecks every entry's hash and link, and that every stored credit has an entry saying the same.`);
      return 0;
    }
    if (positionals[0] !== 'verify') throw new UsageError('the only journal command is `journal verify`.');
    const store = await openCommandStore(values, { mustExist: true });
    try {
      const t0 = performance.now();
      // One snapshot: entries and credits are seen at the same instant even while a server (or several) writes.
      const r = await store.claims.readJournal((v) => verifyJournalAsync(v.entries(), v.credits()));
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      if (r.ok) {
        console.log(`journal intact: ${count(r.entries, 'entry', 'entries', { plain: true })}, head ${r.head} (${secs} s)`);
        return 0;
      }
      console.error(`journal NOT intact: first bad entry ${r.seq ?? '-'}${r.ok === false && r.claim_id ? ` (claim ${r.claim_id})` : ''}: ${r.problem}`);
      console.error(`entries verified before it: ${r.entries}; last good head ${r.head}`);
      return 1;
    } finally {
      await store.close();
    }
  });
}
