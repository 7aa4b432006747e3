/**
 * @module Operators change programmes and import registries while a node runs: every two seconds the node picks those
 * changes up. A bad programme row or a busy store never stops a node that serves: the last good state stays.
 */
import type { Logger } from 'pino';
import type { RegistryIndex } from '../claims/registry-index.js';
import type { ActiveProgramme } from './active-programme.js';
import type { RegistryWatcher } from './registry-watcher.js';

export class Refresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  /** A failure is reported when it starts, not every two seconds while the database is away; a success re-arms it. */
  private readonly failing = { programme: false, registry: false };

  constructor(private readonly o: { programme: ActiveProgramme; watcher: RegistryWatcher; index: RegistryIndex; log: Logger; everyMs?: number }) {}

  start(): void {
    // One refresh at a time (a round trip on PostgreSQL): a slow or lost database only delays the next.
    this.timer = setInterval(() => {
      this.running ??= this.refresh().finally(() => (this.running = null));
    }, this.o.everyMs ?? 2000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a refresh in flight, so none queries a store about to close. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async refresh(): Promise<void> {
    try {
      await this.o.programme.refresh();
      this.report('programme', null, '');
    } catch (e) {
      this.report('programme', e, 'programme in the store refused; the previous one stays in force');
    }
    try {
      for (const s of await this.o.watcher.changed()) this.o.index.put(s);
      this.report('registry', null, '');
    } catch (e) {
      this.report('registry', e, 'registry refresh failed; will try again');
    }
  }

  private report(what: keyof Refresher['failing'], e: unknown, msg: string): void {
    if (e === null) {
      this.failing[what] = false;
      return;
    }
    if (!this.failing[what]) this.o.log.error({ err: e instanceof Error ? e.message : String(e) }, msg);
    this.failing[what] = true;
  }
}
