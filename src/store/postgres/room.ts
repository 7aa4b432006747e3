/** @module The shared waiting room's line in PostgreSQL: one statement per sync, one per burst of joins, one per pruned batch (room-schema.ts). */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { KeyTag } from '../../admission/pass.js';
import type { LineJoin, LineReport, LineStore, LineView } from '../../admission/shared-line.js';

/** The 64-bit key tag as PostgreSQL's signed bigint, in text (a JavaScript number would lose its low bits). */
function tagParam(tag: KeyTag): string {
  return BigInt.asIntN(64, (BigInt(tag.hi >>> 0) << 32n) | BigInt(tag.lo >>> 0)).toString();
}

interface PendingJoin {
  tag: string;
  dueInMs: number;
  o: { insert: boolean; pre: boolean; latest: boolean };
  resolve: (j: LineJoin) => void;
  reject: (e: unknown) => void;
}

/** Joins per statement at most (a surge sends bursts of thousands; each is a few index probes inside the database). */
const MAX_JOINS = 1000;

export class PgLineStore implements LineStore {
  /** Joins that came in while a join statement ran: sent together, in order of arrival, when it returns. */
  private queue: PendingJoin[] = [];
  private joining = false;
  /** Join statements sent so far (tests and figures: arrivals per round trip during a surge). */
  joinStatements = 0;

  constructor(private readonly pool: pg.Pool) {}

  /**
   * The passes' secret and the numbering's epoch, the same for every node on this database. The secret is drawn by
   * the first node that asks and kept in settings (first writer wins, so nodes starting at once agree, as for the demo
   * vending key); the epoch was drawn by the migration. Neither changes on restart: old passes keep working.
   */
  async shared(): Promise<{ secret: Buffer; epoch: number }> {
    await this.pool.query("INSERT INTO settings (key, value) VALUES ('room_secret', $1) ON CONFLICT (key) DO NOTHING", [randomBytes(32).toString('hex')]);
    const { rows } = await this.pool.query<{ secret: string; epoch: number }>(
      "SELECT (SELECT value FROM settings WHERE key = 'room_secret') AS secret, epoch FROM room_state WHERE id = 1");
    const secret = Buffer.from(rows[0].secret, 'hex');
    if (secret.length < 16) throw new Error('settings.room_secret must be at least 32 hex digits');
    return { secret, epoch: Number(rows[0].epoch) };
  }

  async sync(r: LineReport): Promise<LineView> {
    const dueTickets: number[] = [];
    const dueMs: number[] = [];
    // Delays, not instants: the database dates them on its own clock.
    for (const [ticket, due] of r.dues) {
      dueTickets.push(ticket);
      dueMs.push(due - r.now);
    }
    const { rows } = await this.pool.query<Record<string, number>>(
      'SELECT * FROM room_sync($1, $2, $3, $4::bigint[], $5::bigint[], $6::float8[], $7)',
      [r.node, r.pace, r.rate, r.served, dueTickets, dueMs, r.graceMs],
    );
    const v = rows[0];
    return {
      epoch: Number(v.epoch), head: Number(v.head), frontier: Number(v.frontier), pace: v.pace, rate: v.rate,
      recycleRate: v.recycle_rate, pending: Number(v.pending), expired: Number(v.expired), nodes: v.nodes,
      late: v.late, drawnFor: v.drawn_for ?? null,
    };
  }

  /**
   * One arrival that waits. Alone, it is one statement; during a surge the arrivals that come in while a statement runs
   * go together in the next one (as group commit does for credits): one round trip per burst instead of one per
   * person, and tickets in this node's order of arrival.
   */
  join(tag: KeyTag, dueInMs: number, o: { insert: boolean; pre: boolean; latest: boolean }): Promise<LineJoin> {
    return new Promise((resolve, reject) => {
      this.queue.push({ tag: tagParam(tag), dueInMs, o, resolve, reject });
      if (!this.joining) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.joining = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_JOINS);
      this.joinStatements++;
      try {
        const { rows } = await this.pool.query<{ ord: number; ticket: number; frontier: number; head: number }>(
          'SELECT * FROM room_join($1::bigint[], $2::float8[], $3::bool[], $4::bool[], $5::bool[])',
          [batch.map((j) => j.tag), batch.map((j) => j.dueInMs), batch.map((j) => j.o.insert), batch.map((j) => j.o.pre), batch.map((j) => j.o.latest)]);
        if (rows.length !== batch.length) throw new Error(`room_join answered ${rows.length} rows for ${batch.length} arrivals`);
        for (const r of rows) batch[r.ord - 1].resolve({ ticket: Number(r.ticket), frontier: Number(r.frontier), head: Number(r.head) });
      } catch (e) {
        for (const j of batch) j.reject(e);
      }
    }
    this.joining = false;
  }

  async draw(opensAt: number): Promise<void> {
    await this.pool.query('SELECT room_draw($1)', [opensAt]);
  }

  async leave(node: string): Promise<void> {
    await this.pool.query('DELETE FROM room_nodes WHERE node = $1', [node]);
  }

  async prune(keepMs: number, limit: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT room_prune($1, $2) AS n', [keepMs, limit]);
    return rows[0].n;
  }
}
