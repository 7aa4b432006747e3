/** @module Subscribers in PostgreSQL: bulk upserts through COPY (unnest arrays for a few rows), per-row refusals, paged scans for the in-memory index. */
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type pg from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Subscriber } from '../../domain/subscriber.js';
import type { UpsertOutcome } from '../../registry/sink.js';
import type { SubscriberStore } from '../contract.js';
import { PAGE, paged } from './paging.js';
import { isConnectionFault } from './pool.js';
import { transaction } from './tx.js';
import { planUpsert } from './upsert-plan.js';
import { pgSearch } from './search.js';
import { SEARCH_MAX, type SearchHit, type SearchOptions } from '../search.js';

const COLUMNS = [
  'contract_no', 'meter_no', 'service', 'metering', 'tariff', 'power_kw', 'avg_monthly_use', 'category',
  'holder_name', 'agency', 'district', 'phone', 'sts_iin', 'sts_sgc', 'sts_ti', 'sts_krn', 'sts_kt', 'sts_base_date',
] as const satisfies readonly (keyof Subscriber)[];
const TYPES: Record<string, string> = { power_kw: 'float8', avg_monthly_use: 'float8', sts_krn: 'int4' };
const SELECT = `SELECT id, ${COLUMNS.join(', ')} FROM subscribers`;
const SELECT_STAMPED = `SELECT id, ${COLUMNS.join(', ')}, updated_at FROM subscribers`;

/**
 * One statement for many rows: the columns travel as arrays. A row identical to the stored one is not rewritten
 * (the WHERE), so a re-import writes only what changed; `xmax = 0` tells an insert from an update in RETURNING.
 * last_tid is not in the update: it guards the meter against TID reuse, whatever the registry says.
 */
const UPSERT = `INSERT INTO subscribers (${COLUMNS.join(', ')}, updated_at)
  SELECT *, $${COLUMNS.length + 1}::text FROM unnest(${COLUMNS.map((c, i) => `$${i + 1}::${TYPES[c] ?? 'text'}[]`).join(', ')})
  ON CONFLICT (contract_no) DO UPDATE SET ${COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at
  WHERE (${COLUMNS.slice(1).map((c) => `subscribers.${c}`).join(', ')}) IS DISTINCT FROM (${COLUMNS.slice(1).map((c) => `excluded.${c}`).join(', ')})
  RETURNING (xmax = 0) AS inserted`;

/**
 * Bulk writes go through COPY into a session temp table, then the same upsert from it (new contracts: a plain
 * INSERT, see bulk()). PostgreSQL's statement log put the upsert at half of an import; with COPY and the plain
 * INSERT the 465,084 demo rows took 23.1-23.6 s instead of 29.5-32.3 s here (node-postgres writes 18 column arrays of
 * 5,000 rows in 30 ms, and PostgreSQL parses them again). A few rows (the row-by-row retry of a refused batch) keep
 * the one-statement form.
 */
const STAGE = 'subscribers_import_stage';
const PREPARE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} AS SELECT ${COLUMNS.join(', ')} FROM subscribers WITH NO DATA;
  TRUNCATE ${STAGE}`;
const COPY_STAGE = `COPY ${STAGE} (${COLUMNS.join(', ')}) FROM STDIN`;
const UPSERT_FROM_STAGE = `INSERT INTO subscribers (${COLUMNS.join(', ')}, updated_at)
  SELECT *, $1::text FROM ${STAGE}
  ON CONFLICT (contract_no) DO UPDATE SET ${COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at
  WHERE (${COLUMNS.slice(1).map((c) => `subscribers.${c}`).join(', ')}) IS DISTINCT FROM (${COLUMNS.slice(1).map((c) => `excluded.${c}`).join(', ')})
  RETURNING (xmax = 0) AS inserted`;
const INSERT_FROM_STAGE = `INSERT INTO subscribers (${COLUMNS.join(', ')}, updated_at) SELECT *, $1::text FROM ${STAGE}`;

/** Rows per statement: past a few thousand, bigger statements stop paying and only grow the message. */
const CHUNK = 5000;
/** Imports from several nodes or terminals take turns, so the meter owners read before writing stay true. */
const IMPORT_LOCK = '7437014141535400962';

export class PgSubscriberRepo implements SubscriberStore {
  /** copyMin: writes of at least this many rows go through COPY (see STAGE). */
  constructor(private readonly pool: pg.Pool, private readonly now: () => Date = () => new Date(), private readonly copyMin = 64) {}

  /** One transaction per batch; meter conflicts are refused per row, the rest of the batch lands. */
  async upsertBatch(rows: readonly Subscriber[]): Promise<UpsertOutcome> {
    if (rows.length === 0) return { added: 0, updated: 0, unchanged: 0, rejected: [] };
    return transaction(this.pool, 'BEGIN', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      // Stamped under the lock, past every stamp already committed: batches commit in stamp order, whichever node or
      // clock wrote them, so a node that has seen stamp S and asks for ">= S" never misses a batch committed later.
      const max = (await c.query<{ m: string | null }>('SELECT max(updated_at) AS m FROM subscribers')).rows[0].m;
      let at = this.now().toISOString();
      if (max !== null && at <= max) at = new Date(Date.parse(max) + 1).toISOString();
      await c.query('SAVEPOINT bulk');
      try {
        return await this.bulk(c, rows, at);
      } catch (e) {
        if (isConnectionFault(e)) throw e;
        // A row the validator should have caught (a CHECK) fails its whole statement: redo this batch one row at a
        // time, so that row alone is refused, as SQLite does.
        await c.query('ROLLBACK TO SAVEPOINT bulk');
        return this.rowByRow(c, rows, at);
      }
    });
  }

  private async bulk(c: pg.PoolClient, rows: readonly Subscriber[], at: string): Promise<UpsertOutcome> {
    const { rows: owners } = await c.query<{ contract_no: string; meter_no: string }>(
      'SELECT contract_no, meter_no FROM subscribers WHERE meter_no = ANY($1::text[]) OR contract_no = ANY($2::text[])',
      [rows.map((r) => r.meter_no), rows.map((r) => r.contract_no)]);
    const plan = planUpsert(rows, new Map(owners.map((o) => [o.meter_no, o.contract_no])),
      new Map(owners.map((o) => [o.contract_no, o.meter_no])));
    let added = 0;
    let updated = 0;
    // Contracts the table holds (at the start of the batch, then as segments land): the others are inserted plainly,
    // without ON CONFLICT's speculative insertion and RETURNING (5,000 rows: 103-138 ms instead of 153-174 ms). Within a
    // segment no row takes a meter another row gives up and no contract comes twice (upsert-plan.ts), so writing a
    // chunk's known contracts before its new ones keeps every unique check where row-by-row writes would put it.
    const known = new Set(owners.map((o) => o.contract_no));
    for (const seg of plan.segments) {
      for (let i = 0; i < seg.length; i += CHUNK) {
        const chunk = seg.slice(i, i + CHUNK).map((k) => rows[k]);
        const fresh = chunk.filter((r) => !known.has(r.contract_no));
        const r = await this.write(c, fresh.length === 0 ? chunk : chunk.filter((r) => known.has(r.contract_no)), at);
        added += r.added + (fresh.length > 0 ? await this.insertNew(c, fresh, at) : 0);
        updated += r.updated;
        for (const x of chunk) known.add(x.contract_no);
      }
    }
    const written = rows.length - plan.rejected.length;
    return { added, updated, unchanged: written - added - updated, rejected: plan.rejected };
  }

  private async rowByRow(c: pg.PoolClient, rows: readonly Subscriber[], at: string): Promise<UpsertOutcome> {
    const out: UpsertOutcome = { added: 0, updated: 0, unchanged: 0, rejected: [] };
    for (let i = 0; i < rows.length; i++) {
      await c.query('SAVEPOINT one');
      try {
        const r = await this.write(c, [rows[i]], at);
        out.added += r.added;
        out.updated += r.updated;
        out.unchanged += 1 - r.added - r.updated;
        await c.query('RELEASE SAVEPOINT one');
      } catch (e) {
        if (isConnectionFault(e)) throw e;
        await c.query('ROLLBACK TO SAVEPOINT one');
        const err = e as { code?: string; constraint?: string; message: string };
        const owner = err.code === '23505' && err.constraint === 'subscribers_meter_no_key'
          ? (await c.query<{ contract_no: string }>('SELECT contract_no FROM subscribers WHERE meter_no = $1', [rows[i].meter_no])).rows[0]?.contract_no
          : undefined;
        out.rejected.push({
          index: i,
          reason: owner !== undefined ? `meter_conflict: meter_no ${rows[i].meter_no} already belongs to contract ${owner}` : `store_error: ${err.message}`,
        });
      }
    }
    return out;
  }

  private async write(c: pg.PoolClient, rows: readonly Subscriber[], at: string): Promise<{ added: number; updated: number }> {
    if (rows.length === 0) return { added: 0, updated: 0 };
    let ret: { inserted: boolean }[];
    if (rows.length < this.copyMin) {
      ret = (await c.query<{ inserted: boolean }>(UPSERT, [...COLUMNS.map((k) => rows.map((r) => r[k])), at])).rows;
    } else {
      await this.stage(c, rows);
      ret = (await c.query<{ inserted: boolean }>(UPSERT_FROM_STAGE, [at])).rows;
    }
    const added = ret.filter((r) => r.inserted).length;
    return { added, updated: ret.length - added };
  }

  /** Rows whose contract the table does not hold: inserted, each one added (a few go the upsert way). */
  private async insertNew(c: pg.PoolClient, rows: readonly Subscriber[], at: string): Promise<number> {
    if (rows.length < this.copyMin) return (await this.write(c, rows, at)).added;
    await this.stage(c, rows);
    return (await c.query(INSERT_FROM_STAGE, [at])).rowCount ?? 0;
  }

  /** The rows into the session's temp table (emptied first: whatever an earlier statement left or rolled back). */
  private async stage(c: pg.PoolClient, rows: readonly Subscriber[]): Promise<void> {
    await c.query(PREPARE_STAGE);
    await pipeline(Readable.from([copyText(rows)]), c.query(copyFrom(COPY_STAGE)));
  }

  async count(): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM subscribers')).rows[0].n;
  }

  iterateAll(): AsyncIterable<StoredSubscriber> {
    return paged(this.pool, `${SELECT} WHERE id > $1 ORDER BY id LIMIT $2`, 'id');
  }

  /** Paged on (updated_at, id), the index's order: a few changed rows among 400k cost a few index reads, not a scan. */
  async *changedSince(stamp: string): AsyncIterable<StoredSubscriber> {
    let after: [string, number] = [stamp, -1];
    for (;;) {
      const { rows } = await this.pool.query<StoredSubscriber & { updated_at: string }>(`${SELECT_STAMPED}
        WHERE (updated_at, id) > ($1, $2) ORDER BY updated_at, id LIMIT $3`, [...after, PAGE]);
      for (const { updated_at: _, ...s } of rows) yield s as StoredSubscriber;
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = [last.updated_at, last.id];
    }
  }

  async lastChange(): Promise<string | null> {
    return (await this.pool.query<{ m: string | null }>('SELECT max(updated_at) AS m FROM subscribers')).rows[0].m;
  }

  search(text: string, limit: number, opts: SearchOptions = {}): Promise<SearchHit[]> {
    return pgSearch(this.pool, text, Math.max(1, Math.min(SEARCH_MAX, limit)), opts.agency ?? null);
  }

  async byId(id: number): Promise<StoredSubscriber | undefined> {
    return (await this.pool.query<StoredSubscriber>(`${SELECT} WHERE id = $1`, [id])).rows[0];
  }

  async findByMeter(meterNo: string): Promise<StoredSubscriber | undefined> {
    return (await this.pool.query<StoredSubscriber>(`${SELECT} WHERE meter_no = $1`, [meterNo])).rows[0];
  }

  async findByContract(contractNo: string): Promise<StoredSubscriber | undefined> {
    return (await this.pool.query<StoredSubscriber>(`${SELECT} WHERE contract_no = $1`, [contractNo.toUpperCase()])).rows[0];
  }

  lastTids(): AsyncIterable<{ id: number; last_tid: number }> {
    return paged(this.pool, 'SELECT id, last_tid FROM subscribers WHERE last_tid IS NOT NULL AND id > $1 ORDER BY id LIMIT $2', 'id');
  }
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY's text format: a line a row, tab between fields, \N for null, backslash escapes for \\ \t \n \r. */
function copyText(rows: readonly Subscriber[]): string {
  let out = '';
  for (const r of rows) {
    for (let i = 0; i < COLUMNS.length; i++) {
      const v = r[COLUMNS[i]] as string | number | null | undefined;
      if (i > 0) out += '\t';
      if (v === null || v === undefined) out += '\\N';
      else {
        const t = typeof v === 'string' ? v : String(v);
        out += /[\\\t\n\r]/.test(t) ? t.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch]) : t;
      }
    }
    out += '\n';
  }
  return out;
}
