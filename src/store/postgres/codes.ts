/** @module The prepaid code pool in PostgreSQL: bulk import, prepaid-meter check, free codes for the pool issuer. */
import type pg from 'pg';
import type { CodePoolStore, NewCode, PoolCode } from '../contract.js';
import { paged } from './paging.js';

export class PgCodePool implements CodePoolStore {
  constructor(private readonly pool: pg.Pool) {}

  /** One statement per call; a token already pooled is skipped, as SQLite's ON CONFLICT (token) DO NOTHING does. */
  async addCodes(rows: readonly NewCode[], importedAt: string): Promise<number> {
    if (rows.length === 0) return 0;
    const { rowCount } = await this.pool.query(`INSERT INTO code_pool (meter_no, cycle, token, units_tenths, imported_at)
      SELECT *, $5::text FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) ON CONFLICT (token) DO NOTHING`,
    [rows.map((r) => r.meter_no), rows.map((r) => r.cycle), rows.map((r) => r.token), rows.map((r) => r.units_tenths), importedAt]);
    return rowCount ?? 0;
  }

  async prepaidMeters(meterNos: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ meter_no: string }>(
      "SELECT meter_no FROM subscribers WHERE meter_no = ANY($1::text[]) AND metering = 'prepaid'", [meterNos]);
    return new Set(rows.map((r) => r.meter_no));
  }

  freeCodes(): AsyncIterable<PoolCode> {
    return paged(this.pool, `SELECT id, meter_no, cycle, token, units_tenths FROM code_pool
      WHERE credit_id IS NULL AND id > $1 ORDER BY id LIMIT $2`, 'id');
  }
}
