/** @module Subscribers in the SQLite store: batched upserts for imports, fast full scans for the in-memory index. */
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriberSink, UpsertOutcome } from '../../registry/sink.js';
import type Database from 'better-sqlite3';
import type { SqliteDb } from './open.js';

export type StoredSubscriber = Subscriber & { id: number };

const COLUMNS = [
  'contract_no', 'meter_no', 'service', 'metering', 'tariff', 'power_kw', 'avg_monthly_use', 'category',
  'holder_name', 'agency', 'district', 'phone', 'sts_iin', 'sts_sgc', 'sts_ti', 'sts_krn', 'sts_kt', 'sts_base_date',
] as const satisfies readonly (keyof Subscriber)[];
const SELECT = `SELECT id, ${COLUMNS.join(', ')} FROM subscribers`;

export type Row = [number, ...unknown[]];

/** Rows come back as arrays (`.raw()`): no per-column name lookup, which counts when the server loads 400k at start. */
export function fromRow(r: Row): StoredSubscriber {
  return {
    id: r[0], contract_no: r[1], meter_no: r[2], service: r[3], metering: r[4], tariff: r[5], power_kw: r[6],
    avg_monthly_use: r[7], category: r[8], holder_name: r[9], agency: r[10], district: r[11], phone: r[12],
    sts_iin: r[13], sts_sgc: r[14], sts_ti: r[15], sts_krn: r[16], sts_kt: r[17], sts_base_date: r[18],
  } as StoredSubscriber;
}

export class SqliteSubscriberRepo implements SubscriberSink {
  private readonly upsert;
  private readonly maxId;
  private readonly meterOwner;
  private readonly byMeter;
  private readonly byContract;
  private readonly all;
  private readonly since;
  private readonly upsertTx: Database.Transaction<(rows: readonly Subscriber[]) => UpsertOutcome>;

  constructor(private readonly db: SqliteDb, private readonly now: () => Date = () => new Date()) {
    // One statement per row, no look-up first and no RETURNING: on 400k rows either costs as much again. A row
    // identical to the stored one is not rewritten (the WHERE), so re-imports write only what changed.
    // last_tid is not in the update: it guards the meter against TID reuse, whatever the registry says.
    this.upsert = db.prepare(
      `INSERT INTO subscribers (${COLUMNS.join(', ')}, updated_at) VALUES (${COLUMNS.map(() => '?').join(', ')}, ?)
       ON CONFLICT (contract_no) DO UPDATE SET ${COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')},
       updated_at = excluded.updated_at
       WHERE ${COLUMNS.slice(1).map((c) => `${c} IS NOT excluded.${c}`).join(' OR ')}`,
    );
    this.maxId = db.prepare<[], number | null>('SELECT max(id) FROM subscribers').pluck();
    this.meterOwner = db.prepare<[string], string>('SELECT contract_no FROM subscribers WHERE meter_no = ?').pluck();
    this.byMeter = db.prepare<[string], Row>(`${SELECT} WHERE meter_no = ?`).raw();
    this.byContract = db.prepare<[string], Row>(`${SELECT} WHERE contract_no = ?`).raw();
    this.all = db.prepare<[], Row>(`${SELECT} ORDER BY id`).raw();
    this.since = db.prepare<[string], Row>(`${SELECT} WHERE updated_at >= ? ORDER BY id`).raw();
    this.upsertTx = db.transaction((rows: readonly Subscriber[]) => this.upsertRows(rows));
  }

  /** One transaction for the whole batch: one commit (one fsync) per few thousand rows, not per row. */
  upsertBatch(rows: readonly Subscriber[]): UpsertOutcome {
    // IMMEDIATE, as every write on this connection while the writer thread commits: waits its turn at BEGIN.
    return this.upsertTx.immediate(rows);
  }

  private upsertRows(rows: readonly Subscriber[]): UpsertOutcome {
    const rejected: UpsertOutcome['rejected'] = [];
    const at = this.now().toISOString();
    const before = this.maxId.get() ?? 0;
    let changed = 0;
    for (let i = 0; i < rows.length; i++) {
      const s = rows[i];
      try {
        changed += this.upsert.run(
          s.contract_no, s.meter_no, s.service, s.metering, s.tariff, s.power_kw, s.avg_monthly_use, s.category,
          s.holder_name, s.agency, s.district, s.phone, s.sts_iin, s.sts_sgc, s.sts_ti, s.sts_krn, s.sts_kt,
          s.sts_base_date, at,
        ).changes;
      } catch (e) {
        // SQLite undoes only the failed statement, not the transaction: the rest of the batch lands.
        const owner = (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? this.meterOwner.get(s.meter_no) : undefined;
        rejected.push({
          index: i,
          reason: owner !== undefined && owner !== s.contract_no
            ? `meter_conflict: meter_no ${s.meter_no} already belongs to contract ${owner}`
            // A constraint the validator should have caught (a CHECK): refused, reported, not thrown.
            : `store_error: ${(e as Error).message}`,
        });
      }
    }
    // Each insert takes rowid max+1 (no one else writes inside our transaction), so the rows added are exactly
    // the growth of max(id); every other change is an update.
    const added = (this.maxId.get() ?? 0) - before;
    return { added, updated: changed - added, unchanged: rows.length - rejected.length - changed, rejected };
  }

  count(): number {
    return this.db.prepare<[], number>('SELECT count(*) FROM subscribers').pluck().get() ?? 0;
  }

  /** Every subscriber in id order. The connection is busy until the iteration ends: consume it whole. */
  *iterateAll(): Iterable<StoredSubscriber> {
    for (const r of this.all.iterate()) yield fromRow(r);
  }

  /** Rows added or updated at or after an `updated_at` stamp: what a running node must refresh after an import. */
  changedSince(stamp: string): StoredSubscriber[] {
    return this.since.all(stamp).map(fromRow);
  }

  findByMeter(meterNo: string): StoredSubscriber | undefined {
    const r = this.byMeter.get(meterNo);
    return r === undefined ? undefined : fromRow(r);
  }

  /** Contract numbers are stored upper-case (the validator does it), so the lookup is case-insensitive. */
  findByContract(contractNo: string): StoredSubscriber | undefined {
    const r = this.byContract.get(contractNo.toUpperCase());
    return r === undefined ? undefined : fromRow(r);
  }
}
