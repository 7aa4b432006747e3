/** @module The shared waiting room's line in PostgreSQL: one statement per sync, one per join (room-schema.ts). */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { KeyTag } from '../../admission/pass.js';
import type { LineJoin, LineReport, LineStore, LineView } from '../../admission/shared-line.js';

/** The 64-bit key tag as PostgreSQL's signed bigint, in text (a JavaScript number would lose its low bits). */
function tagParam(tag: KeyTag): string {
  return BigInt.asIntN(64, (BigInt(tag.hi >>> 0) << 32n) | BigInt(tag.lo >>> 0)).toString();
}

export class PgLineStore implements LineStore {
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

  async join(tag: KeyTag, dueInMs: number, o: { insert: boolean; pre: boolean; latest: boolean }): Promise<LineJoin> {
    const { rows } = await this.pool.query<{ ticket: number; frontier: number; head: number }>(
      'SELECT * FROM room_join($1::bigint, $2, $3, $4, $5)', [tagParam(tag), dueInMs, o.insert, o.pre, o.latest]);
    return { ticket: Number(rows[0].ticket), frontier: Number(rows[0].frontier), head: Number(rows[0].head) };
  }

  async draw(opensAt: number): Promise<void> {
    await this.pool.query('SELECT room_draw($1)', [opensAt]);
  }

  async leave(node: string): Promise<void> {
    await this.pool.query('DELETE FROM room_nodes WHERE node = $1', [node]);
  }
}
