/** @module A test's hosted module (sms-hosted.ts) with a bug: an exception escapes it on the writer thread. */
import type { SmsHost } from '../sqlite/sms-hosted.js';

export async function start(host: SmsHost): Promise<void> {
  host.port.postMessage({ kind: 'ready' });
  setTimeout(() => {
    throw new Error('a bug in the hosted sender');
  }, 10);
}
