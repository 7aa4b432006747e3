/**
 * @module When the WAL is copied back into the database file. SQLite does it by default inside a commit once the WAL
 * passes 1,000 pages, on the committing thread: the writer's next group commit waits, and a crowd's random claims
 * get their hot pages copied every few commits. Here a thread of its own checkpoints once the WAL passes a high
 * mark (a page dirtied by many commits in between is copied once), and empties it when the store is quiet.
 */
import { Worker } from 'node:worker_threads';
import type { SmsState } from '../../domain/sms.js';
import { workerEntry } from './worker-entry.js';

export interface CheckpointPolicy {
  /** WAL size that starts a checkpoint while commits go on. */
  highBytes: number;
  /** How often the WAL's size is looked at. */
  everyMs: number;
  /** No commit for this long: the WAL is checkpointed whole and truncated. */
  idleMs: number;
}

/** 256 MiB: about 100,000 credits of a crowd arriving in random order between checkpoints (measured 2.4 KB of WAL each). */
export const CHECKPOINTS: CheckpointPolicy = { highBytes: 256 * 1024 * 1024, everyMs: 500, idleMs: 2000 };

export class Checkpointer {
  private readonly worker: Worker;
  lastError: string | null = null;
  private next = 1;
  private readonly asked = new Map<number, { resolve: (c: Record<SmsState, number>) => void; reject: (e: Error) => void }>();

  constructor(path: string, policy: CheckpointPolicy = CHECKPOINTS) {
    this.worker = new Worker(workerEntry(new URL(import.meta.url), 'checkpoint-worker'), { workerData: { path, ...policy } });
    this.worker.on('message', (m: { id?: number; counts?: Record<SmsState, number>; error?: string }) => {
      const a = m.id === undefined ? undefined : this.asked.get(m.id);
      if (a === undefined) {
        if (m.error) this.lastError = m.error;
        return;
      }
      this.asked.delete(m.id!);
      if (m.counts) a.resolve(m.counts);
      else a.reject(new Error(m.error ?? 'no counts'));
    });
    const fail = (e: Error) => {
      for (const a of this.asked.values()) a.reject(e);
      this.asked.clear();
    };
    this.worker.on('error', (e) => {
      this.lastError = e.message;
      fail(e);
    });
    this.worker.on('exit', () => fail(new Error('checkpoint thread stopped')));
  }

  /** The SMS outbox's counts by state, read on this thread's own connection (a scan kept off the HTTP thread). */
  smsCounts(): Promise<Record<SmsState, number>> {
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.asked.set(id, { resolve, reject });
      this.worker.postMessage({ id, counts: true });
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.worker.once('exit', r));
    this.worker.postMessage({ close: true });
    await exited;
  }
}
