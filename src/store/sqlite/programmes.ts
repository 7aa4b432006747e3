/** @module Programmes in the SQLite store: one row per programme id, its JSON body re-checked on every read. */
import type { Programme } from '../../domain/programme.js';
import { parseProgramme } from '../../programmes/schema.js';
import { decodeProgrammeRow as decode, type ProgrammeRow } from '../programme-row.js';
import type Database from 'better-sqlite3';
import type { SqliteDb } from './open.js';

export interface StoredProgramme {
  programme: Programme;
  /** ISO 8601 UTC; strictly increasing across saves, so "loaded last" is never a tie. */
  loaded_at: string;
}

type Row = ProgrammeRow;

export class SqliteProgrammeRepo {
  private readonly upsert;
  private readonly byId;
  private readonly all;
  private readonly newest;
  private readonly maxLoadedAt;
  private readonly saveTx: Database.Transaction<(p: Programme) => string>;

  constructor(db: SqliteDb, private readonly now: () => Date = () => new Date()) {
    this.upsert = db.prepare(
      'INSERT INTO programmes (id, body, loaded_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, loaded_at = excluded.loaded_at',
    );
    this.byId = db.prepare<[string], Row>('SELECT id, body, loaded_at FROM programmes WHERE id = ?');
    this.all = db.prepare<[], Row>('SELECT id, body, loaded_at FROM programmes ORDER BY loaded_at DESC, id');
    this.newest = db.prepare<[], Row>('SELECT id, body, loaded_at FROM programmes ORDER BY loaded_at DESC, id LIMIT 1');
    this.maxLoadedAt = db.prepare<[], string | null>('SELECT max(loaded_at) FROM programmes').pluck();
    // A running server re-reads the programme when max(loaded_at) changes: two loads in the same millisecond must
    // still give two different stamps, hence the bump inside the transaction.
    this.saveTx = db.transaction((p: Programme) => {
      const max = this.maxLoadedAt.get() ?? null;
      let at = this.now().toISOString();
      if (max !== null && at <= max) at = new Date(Date.parse(max) + 1).toISOString();
      this.upsert.run(p.id, JSON.stringify(p), at);
      return at;
    });
  }

  /** Adds or replaces the programme with this id. Refuses (throws, listing the problems) an invalid one: the store never holds one. */
  save(p: Programme): void {
    this.saveStamped(p);
  }

  /** Same as `save`, returning the `loaded_at` stamp given to it. */
  saveStamped(p: Programme): string {
    const checked = parseProgramme(JSON.parse(JSON.stringify(p)));
    if (!checked.ok) throw new Error(`programme ${String(p?.id)} is invalid:\n  ${checked.problems.join('\n  ')}`);
    // IMMEDIATE: the stamp is read then written, and the writer thread may commit meanwhile; a deferred transaction
    // would then fail at once (SQLITE_BUSY on a stale snapshot) instead of waiting its turn.
    return this.saveTx.immediate(p);
  }

  get(id: string): Programme | null {
    const row = this.byId.get(id);
    return row ? decode(row).programme : null;
  }

  /** Most recently loaded first. */
  list(): Programme[] {
    return this.entries().map((e) => e.programme);
  }

  /** The programme loaded last: the one in force. */
  latest(): Programme | null {
    const row = this.newest.get();
    return row ? decode(row).programme : null;
  }

  /** Programmes with their load time, most recent first. */
  entries(): StoredProgramme[] {
    return this.all.all().map(decode);
  }
}
