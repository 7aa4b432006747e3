/**
 * @module Imports from the console: a registry or a code pool, uploaded as it is (streamed to a temporary file,
 * size-capped), then read by the very code `guichet import` and `guichet codes import` run, with its progress and
 * its rejects file kept for download. One import at a time per node; each is written to the audit log, at its start
 * and with its outcome.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { importCodes, CodeFileError } from '../../credits/code-import.js';
import { RegistryFileError } from '../../registry/errors.js';
import { importRegistry } from '../../registry/import.js';
import { checkRegistryFile } from '../../registry/source.js';
import type { Store } from '../../store/contract.js';
import type { AuditLog } from '../audit/log.js';

export type ImportKind = 'registry' | 'codes';

export interface ImportJob {
  id: string;
  kind: ImportKind;
  actor: string;
  file: string;
  state: 'importing' | 'done' | 'failed';
  bytes: number;
  /** Of the registry file, read so far (the progress bar). */
  read_bytes: number;
  rows: number;
  summary: Record<string, number> | null;
  rejected: number;
  error: string | null;
  started_at: string;
  /** Server-side only: never sent (the rejects are downloaded through the job's id). */
  path: string;
  rejects: string | null;
}

export type Received = { ok: true; job: ImportJob } | { ok: false; status: 400 | 409 | 413; message: string };

/** A registry of 465,000 rows is 60 MB; room for a country twice that size with long names. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
/** Finished jobs (and their files) are kept this long for their rejects to be downloaded. */
const KEEP_MS = 60 * 60_000;
/** Small store transactions: on a serving node each batch holds the event loop, so claims wait a few ms, not a quarter second. */
const CONSOLE_BATCH = 2000;

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private busy: ImportJob | null = null;

  constructor(private readonly d: { store: Store; audit: AuditLog; dir: string; now: () => Date; maxBytes?: number }) {}

  get(id: string): ImportJob | null {
    return this.jobs.get(id) ?? null;
  }

  /** Receives the upload whole, checks it is the file it claims to be, then imports it in the background. */
  async receive(actor: string, kind: ImportKind, name: string, body: Readable): Promise<Received> {
    this.forgetOld();
    if (this.busy) {
      body.resume();
      return { ok: false, status: 409, message: `Un import est déjà en cours (${this.busy.file}, par ${this.busy.actor}) : attendez qu’il se termine.` };
    }
    const id = randomBytes(12).toString('base64url');
    const path = join(this.d.dir, `${id}.csv`);
    const job: ImportJob = {
      id, kind, actor, file: name, state: 'importing', bytes: 0, read_bytes: 0, rows: 0, summary: null, rejected: 0, error: null,
      started_at: this.d.now().toISOString(), path, rejects: null,
    };
    this.busy = job;
    try {
      const max = this.d.maxBytes ?? MAX_UPLOAD_BYTES;
      const out = createWriteStream(path);
      for await (const chunk of body as AsyncIterable<Buffer>) {
        job.bytes += chunk.length;
        if (job.bytes > max) {
          out.destroy();
          body.resume();
          throw new Refusal(413, `Le fichier dépasse ${Math.round(max / 1024 / 1024)} Mo.`);
        }
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      if (job.bytes === 0) throw new Refusal(400, 'Aucun fichier reçu : envoyez le fichier CSV lui-même.');
      if (kind === 'registry') checkRegistryFile(path);
    } catch (e) {
      this.busy = null;
      rmSync(path, { force: true });
      if (e instanceof Refusal) return { ok: false, status: e.status, message: e.message };
      if (e instanceof RegistryFileError) return { ok: false, status: 400, message: e.message.replace(path, name) };
      throw e;
    }
    this.jobs.set(id, job);
    await this.d.audit.append(actor, kind === 'registry' ? 'import' : 'codes_imported', { kind, file: name, bytes: job.bytes, stage: 'started' });
    void this.run(job);
    return { ok: true, job };
  }

  /** Resolves when the job is done or failed (tests; the console polls). */
  async settled(id: string): Promise<ImportJob | null> {
    while (this.jobs.get(id)?.state === 'importing') await new Promise((r) => setTimeout(r, 20));
    return this.get(id);
  }

  private async run(job: ImportJob): Promise<void> {
    try {
      if (job.kind === 'registry') {
        const s = await this.d.store.bulkLoad(() => importRegistry(job.path, this.d.store.subscribers, {
          progress: false, batchSize: CONSOLE_BATCH, onProgress: (bytes, rows) => ((job.read_bytes = bytes), (job.rows = rows)),
        }));
        job.summary = { read: s.read, added: s.added, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected, seconds: Math.round(s.seconds * 10) / 10 };
        job.rows = s.read;
        job.rejected = s.rejected;
        job.rejects = s.rejectsFile;
      } else {
        const s = await importCodes(this.d.store.codes, job.path);
        job.summary = { read: s.read, added: s.added, rejected: s.rejected };
        job.rows = s.read;
        job.rejected = s.rejected;
        job.rejects = s.rejectsFile;
      }
      job.read_bytes = job.bytes;
      job.state = 'done';
    } catch (e) {
      job.state = 'failed';
      job.error = e instanceof RegistryFileError || e instanceof CodeFileError ? e.message.split(job.path).join(job.file) : 'L’import a échoué (erreur du stockage) : rien d’autre n’a été écrit après la dernière tranche enregistrée. Réessayez.';
    } finally {
      this.busy = null;
    }
    await this.d.audit.append(job.actor, job.kind === 'registry' ? 'import' : 'codes_imported', {
      kind: job.kind, file: job.file, stage: job.state, ...(job.summary ?? {}), ...(job.error ? { error: job.error.slice(0, 300) } : {}),
    }).catch(() => {});
  }

  private forgetOld(): void {
    const t = this.d.now().getTime();
    for (const [id, j] of this.jobs) {
      if (j.state !== 'importing' && t - Date.parse(j.started_at) > KEEP_MS) {
        rmSync(j.path, { force: true });
        if (j.rejects) rmSync(j.rejects, { force: true });
        this.jobs.delete(id);
      }
    }
  }
}

class Refusal extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

/** What the browser may see of a job. */
export function publicJob(j: ImportJob): Omit<ImportJob, 'path' | 'rejects'> & { rejects_url: string | null } {
  const { path: _p, rejects, ...rest } = j;
  return { ...rest, rejects_url: rejects ? `/console/fichiers/imports/${j.id}/rejets` : null };
}
