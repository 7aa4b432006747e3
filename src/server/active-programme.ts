/** @module The programme in force: the one an operator loaded last, or the built-in one; re-read when it changes. */
import type { Logger } from 'pino';
import type { Programme } from '../domain/programme.js';
import { programmeView, type ProgrammeView } from '../claims/programme-view.js';
import { builtinProgramme, openCycle } from '../programmes/index.js';
import type { ProgrammeStore } from '../store/contract.js';

export class ActiveProgramme {
  private programme!: Programme;
  private compiled!: ProgrammeView;
  private stamp: string | null = null;

  private constructor(private readonly programmes: ProgrammeStore, private readonly log: Logger) {}

  /** Reads the programme in force before the node serves: a bad row at start is a refusal to start, said plainly. */
  static async load(programmes: ProgrammeStore, log: Logger): Promise<ActiveProgramme> {
    const a = new ActiveProgramme(programmes, log);
    await a.refresh();
    return a;
  }

  current(): Programme {
    return this.programme;
  }

  /** Synchronous: the claim path reads the compiled programme from memory, never from the store. */
  view(): ProgrammeView {
    return this.compiled;
  }

  /** Cheap when nothing changed: one indexed max() per call. */
  async refresh(): Promise<void> {
    const stamp = await this.programmes.lastLoadedAt();
    if (this.compiled && stamp === this.stamp) return;
    let latest;
    try {
      latest = stamp === null ? null : await this.programmes.latest();
    } catch (e) {
      // Remember the stamp: the refusal is reported once per change, not every two seconds.
      if (this.compiled) this.stamp = stamp;
      throw e;
    }
    const p = latest ?? builtinProgramme();
    this.programme = p;
    this.compiled = programmeView(p);
    if (this.stamp !== stamp || stamp === null) {
      this.log.info({ programme: p.id, source: latest ? 'store' : 'built-in', open_cycle: openCycle(p)?.id ?? null }, 'programme in force');
    }
    this.stamp = stamp;
  }
}
