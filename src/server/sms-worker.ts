/** @module The SMS thread (sms-thread.ts): the SMPP sender and the dispatcher draining the SQLite outbox, off the HTTP thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { SmppSender, SmsDispatcher } from '../sms/index.js';
import { OutboxQueue } from '../sms/outbox-queue.js';
import { SmsPortClient } from '../store/sqlite/sms-port.js';
import type { FromSmsThread, SmsThreadData, ToSmsThread } from './sms-thread.js';

const data = workerData as SmsThreadData;
const parent = parentPort!;
const post = (m: FromSmsThread) => parent.postMessage(m);

const store = new SmsPortClient(data.writer, Date.now, () => dispatcher.wake());
const sender = new SmppSender(data.opts);
const queue = new OutboxQueue(store, { node: data.node });
const dispatcher = new SmsDispatcher(sender, queue, {
  onError: (e, job) => post({ kind: 'error', message: e instanceof Error ? e.message : String(e), sms: job?.id ?? null }),
});

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
function report(): void {
  const now = JSON.stringify(sender.stats);
  if (now === reported && latencies.length === 0) return;
  reported = now;
  post({ kind: 'stats', stats: sender.stats, latencies });
  latencies = [];
}
const reporting = setInterval(report, 250);

parent.on('message', (m: ToSmsThread) => {
  if (m.kind === 'wake') dispatcher.wake();
  else if (m.kind === 'answered') {
    const a = asked.get(m.id);
    asked.delete(m.id);
    if (m.error === undefined) a?.resolve();
    else a?.reject(new Error(m.error));
  } else if (m.kind === 'stop') void stop();
});

async function stop(): Promise<void> {
  clearInterval(reporting);
  await dispatcher.stop();
  await queue.close();
  await sender.close();
  report();
  store.close();
  post({ kind: 'stopped' });
  parent.close();
}

// One node per SQLite file: whatever a previous process had taken and not settled is due again now, not in a minute.
await queue.release(true);
sender.start();
dispatcher.start();
post({ kind: 'ready' });
