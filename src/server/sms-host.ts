/** @module The node's SMPP sender and dispatcher, started on the SQLite writer thread (sms-hosted.ts): what runs there. */
import type { MessagePort } from 'node:worker_threads';
import { SmppSender, SmsDispatcher } from '../sms/index.js';
import { OutboxQueue } from '../sms/outbox-queue.js';
import type { SmsHost } from '../store/sqlite/sms-hosted.js';
import type { FromHostedSms, HostedSmsData, ToHostedSms } from './sms-hosted.js';

export async function start(host: SmsHost): Promise<void> {
  const data = host.data as HostedSmsData;
  const port: MessagePort = host.port;
  const post = (m: FromHostedSms) => port.postMessage(m);
  const sender = new SmppSender(data.opts);
  const queue = new OutboxQueue(host.outbox, { node: data.node });
  const dispatcher = new SmsDispatcher(sender, queue, {
    onError: (e, job) => post({ kind: 'error', message: e instanceof Error ? e.message : String(e), sms: job?.id ?? null }),
  });
  host.outbox.onDue = () => dispatcher.wake();

  /** Inbound messages handed to the HTTP thread (which answers claims), by request. */
  const asked = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextAsk = 1;
  let latencies: number[] = [];
  let reported = '';
  sender.setHandlers({
    onSubmitLatency: (s) => latencies.push(s),
    onStateChange: (state, why) => post({ kind: 'state', up: state === 'up', why }),
    // Awaited by the sender before its deliver_sm_resp: a refusal there has the SMSC send the message again later.
    onInbound: (m) =>
      new Promise<void>((resolve, reject) => {
        const id = nextAsk++;
        asked.set(id, { resolve, reject });
        post({ kind: 'inbound', id, m });
      }).then(() => dispatcher.wake()),
  });

  /** The sender's counters and latencies for the node's /metrics, when they changed (a few times a second at most). */
  const report = () => {
    const now = JSON.stringify(sender.stats);
    if (now === reported && latencies.length === 0) return;
    reported = now;
    post({ kind: 'stats', stats: sender.stats, latencies });
    latencies = [];
  };
  const reporting = setInterval(report, 250);

  const stop = async () => {
    clearInterval(reporting);
    try {
      await dispatcher.stop();
      await queue.close();
      await sender.close();
      report();
    } finally {
      post({ kind: 'stopped' });
      port.close();
    }
  };
  port.on('message', (m: ToHostedSms) => {
    if (m.kind === 'answered') {
      const a = asked.get(m.id);
      asked.delete(m.id);
      if (m.error === undefined) a?.resolve();
      else a?.reject(new Error(m.error));
    } else if (m.kind === 'stop') void stop();
  });

  try {
    // One node per SQLite file: whatever a previous process had taken and not settled is due again now, not in a minute.
    await queue.release(true);
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  sender.start();
  dispatcher.start();
  post({ kind: 'ready' });
}
