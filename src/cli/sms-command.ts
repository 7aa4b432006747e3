/** @module `guichet sms status`: the outbox's messages by state, as JSON (CONTRACT §7). */
import { STORE_OPTIONS, UsageError, openCommandStore, parse, runCommand } from './args.js';

const USAGE = 'sms status [--cycle C] [--data-dir DIR | --database-url URL]';

export function smsCommand(argv: string[]): Promise<number> {
  return runCommand('sms', USAGE, async () => {
    const { values, positionals } = parse(argv, { ...STORE_OPTIONS, cycle: { type: 'string' } });
    if (values.help) {
      console.log(`usage: guichet ${USAGE}\nPrints {"queued","sending","sent","delivered","failed"}: every message, or with --cycle the notices of that cycle's credits.`);
      return 0;
    }
    if (positionals[0] !== 'status' || positionals.length > 1) throw new UsageError('the only sms command is `sms status`.');
    const store = await openCommandStore(values, { mustExist: true });
    try {
      console.log(JSON.stringify(await store.sms.counts(values.cycle)));
      return 0;
    } finally {
      await store.close();
    }
  });
}
