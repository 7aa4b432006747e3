/** @module Programmes in PostgreSQL: one row per programme id, its JSON body re-checked on every read. */
import type pg from 'pg';
import type { Programme } from '../../domain/programme.js';
import { parseProgramme } from '../../programmes/schema.js';
import { decodeProgrammeRow as decode, type ProgrammeRow } from '../programme-row.js';
import type { ProgrammeStore, StoredProgramme } from '../contract.js';
import { transaction } from './tx.js';

type Row = ProgrammeRow;

/** Loads from several nodes or terminals take turns, so each gets a stamp above every stamp before it. */
const PROGRAMME_LOCK = '7437014141535400963';

export class PgProgrammeRepo implements ProgrammeStore {
  constructor(private readonly pool: pg.Pool, private readonly now: () => Date = () => new Date()) {}

  async save(p: Programme): Promise<void> {
    await this.saveStamped(p);
  }

  /**
   * A running node re-reads the programme when max(loaded_at) changes: two loads in the same millisecond, or on
   * two machines whose clocks disagree, must still give two increasing stamps, hence the bump under the lock.
   */
  async saveStamped(p: Programme): Promise<string> {
    const checked = parseProgramme(JSON.parse(JSON.stringify(p)));
    if (!checked.ok) throw new Error(`programme ${String(p?.id)} is invalid:\n  ${checked.problems.join('\n  ')}`);
    return transaction(this.pool, 'BEGIN', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [PROGRAMME_LOCK]);
      const max = (await c.query<{ m: string | null }>('SELECT max(loaded_at) AS m FROM programmes')).rows[0].m;
      let at = this.now().toISOString();
      if (max !== null && at <= max) at = new Date(Date.parse(max) + 1).toISOString();
      await c.query(`INSERT INTO programmes (id, body, loaded_at) VALUES ($1, $2, $3)
        ON CONFLICT (id) DO UPDATE SET body = excluded.body, loaded_at = excluded.loaded_at`, [p.id, JSON.stringify(p), at]);
      return at;
    });
  }

  async get(id: string): Promise<Programme | null> {
    const row = (await this.pool.query<Row>('SELECT id, body, loaded_at FROM programmes WHERE id = $1', [id])).rows[0];
    return row ? decode(row).programme : null;
  }

  async list(): Promise<Programme[]> {
    return (await this.entries()).map((e) => e.programme);
  }

  async latest(): Promise<Programme | null> {
    const row = (await this.pool.query<Row>('SELECT id, body, loaded_at FROM programmes ORDER BY loaded_at DESC, id LIMIT 1')).rows[0];
    return row ? decode(row).programme : null;
  }

  async entries(): Promise<StoredProgramme[]> {
    return (await this.pool.query<Row>('SELECT id, body, loaded_at FROM programmes ORDER BY loaded_at DESC, id')).rows.map(decode);
  }

  async lastLoadedAt(): Promise<string | null> {
    return (await this.pool.query<{ m: string | null }>('SELECT max(loaded_at) AS m FROM programmes')).rows[0].m;
  }
}
