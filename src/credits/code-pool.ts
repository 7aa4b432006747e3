/** @module The code pool: prepaid tokens the utility's own vending system generated in advance, handed out one per claim. */
import type { StoredSubscriber as StoredSubscriber } from '../domain/subscriber.js';
import type { Credit } from '../domain/programme.js';
import type { IssueResult, PrepaidIssuer } from '../claims/ports.js';
import type { SqliteDb } from '../store/sqlite/open.js';
import type { CodePoolStore } from '../store/contract.js';
import { reasonMessage } from '../programmes/index.js';

interface PoolCode {
  id: number;
  token: string;
  units_tenths: number;
}

export class CodePoolIssuer implements PrepaidIssuer {
  readonly name = 'pool';
  /** Free codes per meter and cycle, loaded once: the claim path never queries for a code. */
  private readonly free = new Map<string, PoolCode[]>();

  constructor(codes: Iterable<PoolCode & { meter_no: string; cycle: string }>) {
    for (const c of codes) this.add(c.meter_no, c.cycle, c);
  }

  static fromSqlite(db: SqliteDb): CodePoolIssuer {
    return new CodePoolIssuer(db.prepare(`SELECT id, meter_no, cycle, token, units_tenths FROM code_pool
      WHERE credit_id IS NULL ORDER BY id`).iterate() as Iterable<PoolCode & { meter_no: string; cycle: string }>);
  }

  /** The free codes of either engine, read page by page at start. */
  static async fromStore(codes: CodePoolStore): Promise<CodePoolIssuer> {
    const issuer = new CodePoolIssuer([]);
    for await (const c of codes.freeCodes()) issuer.add(c.meter_no, c.cycle, c);
    return issuer;
  }

  add(meterNo: string, cycle: string, code: PoolCode): void {
    const k = `${meterNo}|${cycle}`;
    const list = this.free.get(k);
    if (list) list.push(code);
    else this.free.set(k, [code]);
  }

  issue(s: StoredSubscriber, cycle: string, _credit: Credit, _now: Date): IssueResult {
    const code = this.free.get(`${s.meter_no}|${cycle}`)?.shift();
    if (!code) {
      return { ok: false, reason: 'no_code_left', message: reasonMessage('no_code_left') };
    }
    return { ok: true, token: code.token, tid: null, code_id: code.id, units_tenths: code.units_tenths };
  }

  release(s: StoredSubscriber, cycle: string, r: IssueResult & { ok: true }): void {
    if (r.code_id !== null) this.add(s.meter_no, cycle, { id: r.code_id, token: r.token, units_tenths: r.units_tenths });
  }
}
