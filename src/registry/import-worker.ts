/** @module Worker side of an import: reads and validates the file on the second core while the calling thread writes. */
import { parentPort, workerData } from 'node:worker_threads';
import { RegistryFileError } from './errors.js';
import type { FromWorker, ToWorker, WorkerJob } from './import-protocol.js';
import { readRegistryRows, type StoreRejects } from './read-rows.js';

const port = parentPort!;
const job = workerData as WorkerJob;
const post = (m: FromWorker): void => port.postMessage(m);
const waiting = new Map<number, { resolve: (r: StoreRejects) => void; reject: (e: Error) => void }>();
let aborted = false;
let nextId = 0;

port.on('message', (m: ToWorker) => {
  if (m.t === 'ack') {
    waiting.get(m.id)?.resolve(m.rejected);
    waiting.delete(m.id);
  } else {
    aborted = true;
    for (const w of waiting.values()) w.reject(new Error('import aborted'));
    waiting.clear();
  }
});

try {
  const result = await readRegistryRows(
    job.file,
    { batchSize: job.batchSize, rejectsPath: job.rejectsPath, progress: (bytes, read) => post({ t: 'progress', bytes, read }) },
    (rows) => {
      if (aborted) return Promise.reject(new Error('import aborted'));
      const id = nextId++;
      post({ t: 'batch', id, rows });
      return new Promise<StoreRejects>((resolve, reject) => waiting.set(id, { resolve, reject }));
    },
  );
  post({ t: 'done', ...result });
} catch (e) {
  if (e instanceof RegistryFileError) post({ t: 'fail', code: e.code, message: e.message, partial: e.partial });
  else if (!aborted) throw e;
}
// The calling thread ends the worker once it has the last message (an open port would keep it alive).
port.close();
