/** @module The rejects file of an import: each refused row with its line, its reasons and its fields as read. */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { csvRecord } from '../lib/csv.js';

/**
 * Written beside the target and renamed at the end, so an interrupted import never leaves a half file that
 * looks complete; nothing is created until the first reject, and a clean import removes a stale one.
 */
export class RejectsWriter {
  private out: WriteStream | null = null;
  private failure: Error | null = null;
  private readonly tmp: string;
  count = 0;

  constructor(readonly path: string, private readonly header: readonly string[]) {
    this.tmp = `${path}.${process.pid}.tmp`;
  }

  async add(line: number, reason: string, fields: readonly string[]): Promise<void> {
    if (this.out === null) {
      this.out = createWriteStream(this.tmp);
      this.out.on('error', (e) => (this.failure ??= e));
      this.out.write(csvRecord(['line', 'reason', ...this.header]));
    }
    this.count++;
    // Fields as read, neutralised (a spreadsheet opens this file); the importer reads the neutralised form back.
    const ok = this.out.write(csvRecord([line, reason, ...fields]));
    if (this.failure) throw this.failure;
    if (!ok) await once(this.out, 'drain');
  }

  /** Puts the rejects file in place (or removes a stale one when there was no reject); returns its path or null. */
  async finish(): Promise<string | null> {
    if (this.out === null) {
      await rm(this.path, { force: true });
      return null;
    }
    await this.close();
    if (this.failure) throw this.failure;
    await rename(this.tmp, this.path);
    return this.path;
  }

  /** Drops what was written (the import failed before it could finish). */
  async abandon(): Promise<void> {
    if (this.out !== null) await this.close();
    await rm(this.tmp, { force: true });
  }

  private async close(): Promise<void> {
    const out = this.out!;
    if (out.closed) return;
    out.end();
    await once(out, 'close').catch(() => undefined);
  }
}
