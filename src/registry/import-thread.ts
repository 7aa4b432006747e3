/** @module Runs an import's reading in a worker thread: parsing and validation on one core, store writes on the other. */
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { RegistryFileError } from './errors.js';
import type { FromWorker, ToWorker, WorkerJob } from './import-protocol.js';
import type { ReadResult, StoreRejects } from './read-rows.js';
import { unpackRows } from './row-codec.js';
import type { Subscriber } from '../domain/subscriber.js';

type Event = { kind: 'message'; m: FromWorker } | { kind: 'error'; e: unknown } | { kind: 'exit'; code: number };

/** Reads `job.file` in a worker; `store` is called here, on the calling thread, one batch at a time. */
export async function readInWorker(
  job: WorkerJob,
  store: (rows: Subscriber[]) => Promise<StoreRejects>,
  progress: (bytes: number, read: number) => void,
): Promise<ReadResult> {
  const worker = spawn(job);
  const events = new EventQueue();
  worker.on('message', (m: FromWorker) => events.push({ kind: 'message', m }));
  worker.on('error', (e) => events.push({ kind: 'error', e }));
  worker.on('exit', (code) => events.push({ kind: 'exit', code }));
  const send = (m: ToWorker): void => worker.postMessage(m);
  try {
    for (;;) {
      const ev = await events.next();
      if (ev.kind === 'error') throw ev.e;
      if (ev.kind === 'exit') throw new Error(`the import worker stopped early (exit code ${ev.code})`);
      const m = ev.m;
      if (m.t === 'progress') progress(m.bytes, m.read);
      else if (m.t === 'done') return { read: m.read, rejected: m.rejected, rejectsFile: m.rejectsFile };
      else if (m.t === 'fail') throw new RegistryFileError(m.code, m.message, m.partial);
      else {
        let rejected: StoreRejects;
        try {
          rejected = await store(unpackRows(m.rows));
        } catch (e) {
          send({ t: 'abort' });
          // Give the worker a moment to remove its half-written rejects file before it is stopped.
          await events.exitWithin(5000);
          throw e;
        }
        send({ t: 'ack', id: m.id, rejected });
      }
    }
  } finally {
    await worker.terminate();
  }
}

function spawn(job: WorkerJob): Worker {
  const self = import.meta.url;
  const fromSource = self.endsWith('.ts');
  const entry = JSON.stringify(new URL(fromSource ? './import-worker.ts' : './import-worker.js', self).href);
  // From TypeScript sources (tests, `node --import tsx`) a worker does not inherit the loader: register it first.
  const code = fromSource
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${entry}); })`
    : `import(${entry})`;
  return new Worker(code, { eval: true, workerData: job });
}

/** Worker events in arrival order, awaited one at a time. */
class EventQueue {
  private readonly items: Event[] = [];
  private wake: (() => void) | null = null;

  push(e: Event): void {
    this.items.push(e);
    this.wake?.();
  }

  async next(): Promise<Event> {
    while (this.items.length === 0) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    return this.items.shift()!;
  }

  /** Waits for the worker's exit (skipping other events) for at most `ms`. */
  async exitWithin(ms: number): Promise<void> {
    const timeout = sleep(ms, null, { ref: false });
    for (;;) {
      const ev = await Promise.race([this.next(), timeout]);
      if (ev === null || ev.kind === 'exit') return;
    }
  }
}
