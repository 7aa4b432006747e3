/**
 * @module A test's stand-in for the node's sender, hosted on the SQLite writer thread (sms-hosted.ts): it makes the
 * outbox calls the test asks for, all in one turn, and reports their results and every wake-up.
 */
import type { SmsHost } from '../sqlite/sms-hosted.js';

type Call = { method: 'take' | 'sent' | 'receipt' | 'enqueue'; args: unknown[] };

export async function start(host: SmsHost): Promise<void> {
  host.outbox.onDue = () => host.port.postMessage({ kind: 'due' });
  host.port.on('message', (m: { id: number; calls: Call[] }) => {
    // Made in the same turn, as the dispatcher makes a batch's: they go to the store together.
    const out = m.calls.map((c) => (host.outbox[c.method] as (...a: unknown[]) => Promise<unknown>)(...c.args).then(
      (value) => ({ value }),
      (e: Error) => ({ error: e.message }),
    ));
    void Promise.all(out).then((results) => host.port.postMessage({ kind: 'results', id: m.id, results }));
  });
  host.port.postMessage({ kind: 'ready', data: host.data });
}
