/** @module Messages between an import's calling thread (the store) and its reading worker (parse and validate). */
import type { RegistryFileError, RegistryFileErrorCode } from './errors.js';
import type { ReadResult, StoreRejects } from './read-rows.js';

export interface WorkerJob {
  file: string;
  batchSize: number;
  rejectsPath: string;
}

export type FromWorker =
  /** Valid rows, packed by row-codec; answered by an `ack` with the same id. */
  | { t: 'batch'; id: number; rows: string }
  | { t: 'progress'; bytes: number; read: number }
  | ({ t: 'done' } & ReadResult)
  | { t: 'fail'; code: RegistryFileErrorCode; message: string; partial?: RegistryFileError['partial'] };

export type ToWorker =
  | { t: 'ack'; id: number; rejected: StoreRejects }
  /** The store failed: stop reading, drop the rejects file, exit. */
  | { t: 'abort' };
