/** @module The programme in force: the one an operator loaded last, or the built-in one; re-read when it changes. */
import type { Logger } from 'pino';
import type { Programme } from '../domain/programme.js';
import type { ProgrammeView } from '../claims/ports.js';
import { builtinProgramme, compileProgramme, openCycle } from '../programmes/index.js';
import { SqliteProgrammeRepo } from '../store/sqlite/programmes.js';
import type { SqliteStore } from '../store/sqlite/store.js';

export class ActiveProgramme {
  private readonly repo: SqliteProgrammeRepo;
  private programme!: Programme;
  private compiled!: ProgrammeView;
  private stamp: string | null = null;

  constructor(private readonly store: SqliteStore, private readonly log: Logger) {
    this.repo = new SqliteProgrammeRepo(store.db);
    this.refresh();
  }

  current(): Programme {
    return this.programme;
  }

  view(): ProgrammeView {
    return this.compiled;
  }

  /** Cheap when nothing changed: one indexed max() per call. */
  refresh(): void {
    const stamp = this.store.db.prepare('SELECT max(loaded_at) FROM programmes').pluck().get() as string | null;
    if (this.compiled && stamp === this.stamp) return;
    let latest;
    try {
      latest = stamp === null ? null : this.repo.latest();
    } catch (e) {
      // Remember the stamp: the refusal is reported once per change, not every two seconds.
      if (this.compiled) this.stamp = stamp;
      throw e;
    }
    const p = latest ?? builtinProgramme();
    const c = compileProgramme(p);
    this.programme = p;
    this.compiled = {
      id: p.id,
      cycles: p.cycles,
      defaultCycle: () => c.openCycle,
      decide: (cycleId, s) => c.decide(cycleId, s),
    };
    if (this.stamp !== stamp || stamp === null) {
      this.log.info({ programme: p.id, source: latest ? 'store' : 'built-in', open_cycle: openCycle(p)?.id ?? null }, 'programme in force');
    }
    this.stamp = stamp;
  }
}
