/** @module One-time codes in PostgreSQL: shared by every node (a code sent by one is typed on another). */
import type pg from 'pg';
import type { CodeLimits, OpenCode, PhoneCodeStore } from '../otp-contract.js';
import { transaction } from './tx.js';

const HOUR = 3_600_000;

export class PgPhoneCodes implements PhoneCodeStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Under a lock on the phone's and the subscriber's codes (an advisory lock per phone): two sends at once count as two. */
  issue(r: Parameters<PhoneCodeStore['issue']>[0], l: CodeLimits): Promise<'issued' | 'limited'> {
    return transaction(this.pool, 'BEGIN', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1)), pg_advisory_xact_lock($2::bigint)', [r.phone, r.subscriber_id]);
      const { rows: [n] } = await c.query<{ phone: number; sub: number }>(`SELECT
        (SELECT count(*)::int FROM phone_codes WHERE phone = $1 AND created_at > $3) AS phone,
        (SELECT count(*)::int FROM phone_codes WHERE subscriber_id = $2 AND created_at > $4) AS sub`, [r.phone, r.subscriber_id, r.now - HOUR, r.now - 24 * HOUR]);
      if (n.phone >= l.perPhoneHour || n.sub >= l.perSubscriberDay) return 'limited';
      await c.query("UPDATE phone_codes SET state = 'replaced' WHERE phone = $1 AND subscriber_id = $2 AND state = 'open'", [r.phone, r.subscriber_id]);
      await c.query("INSERT INTO phone_codes (phone, subscriber_id, code_hash, state, expires_at, created_at) VALUES ($1, $2, $3, 'open', $4, $5)",
        [r.phone, r.subscriber_id, r.code_hash, r.expires_at, r.now]);
      return 'issued';
    });
  }

  async open(phone: string, subscriberId: number): Promise<OpenCode | null> {
    const { rows } = await this.pool.query<{ id: string; code_hash: string; attempts: number; expires_at: string }>(`SELECT id, code_hash, attempts, expires_at
      FROM phone_codes WHERE phone = $1 AND subscriber_id = $2 AND state = 'open' ORDER BY id DESC LIMIT 1`, [phone, subscriberId]);
    const r = rows[0];
    return r ? { id: Number(r.id), code_hash: r.code_hash, attempts: r.attempts, expires_at: Number(r.expires_at) } : null;
  }

  async tried(id: number): Promise<number | null> {
    const { rows } = await this.pool.query<{ attempts: number }>("UPDATE phone_codes SET attempts = attempts + 1 WHERE id = $1 AND state = 'open' RETURNING attempts", [id]);
    return rows[0]?.attempts ?? null;
  }

  async use(id: number): Promise<boolean> {
    return ((await this.pool.query("UPDATE phone_codes SET state = 'used' WHERE id = $1 AND state = 'open'", [id])).rowCount ?? 0) === 1;
  }

  async lock(id: number): Promise<void> {
    await this.pool.query("UPDATE phone_codes SET state = 'locked' WHERE id = $1 AND state = 'open'", [id]);
  }
}
