/** @module One-time codes in SQLite: small statements on the main connection (a person types a code; no group commit needed). */
import type { CodeLimits, OpenCode, PhoneCodeStore } from '../otp-contract.js';
import type { SqliteDb } from './open.js';

const HOUR = 3_600_000;

export class SqlitePhoneCodes implements PhoneCodeStore {
  private readonly issueTx;

  constructor(private readonly db: SqliteDb) {
    const byPhone = db.prepare('SELECT count(*) FROM phone_codes WHERE phone = ? AND created_at > ?').pluck();
    const bySub = db.prepare('SELECT count(*) FROM phone_codes WHERE subscriber_id = ? AND created_at > ?').pluck();
    const replace = db.prepare("UPDATE phone_codes SET state = 'replaced' WHERE phone = ? AND subscriber_id = ? AND state = 'open'");
    const insert = db.prepare("INSERT INTO phone_codes (phone, subscriber_id, code_hash, state, expires_at, created_at) VALUES (?, ?, ?, 'open', ?, ?)");
    this.issueTx = db.transaction((r: Parameters<PhoneCodeStore['issue']>[0], l: CodeLimits): 'issued' | 'limited' => {
      if ((byPhone.get(r.phone, r.now - HOUR) as number) >= l.perPhoneHour) return 'limited';
      if ((bySub.get(r.subscriber_id, r.now - 24 * HOUR) as number) >= l.perSubscriberDay) return 'limited';
      replace.run(r.phone, r.subscriber_id);
      insert.run(r.phone, r.subscriber_id, r.code_hash, r.expires_at, r.now);
      return 'issued';
    });
  }

  async issue(r: Parameters<PhoneCodeStore['issue']>[0], limits: CodeLimits): Promise<'issued' | 'limited'> {
    return this.issueTx.immediate(r, limits);
  }

  async open(phone: string, subscriberId: number): Promise<OpenCode | null> {
    return (this.db.prepare(`SELECT id, code_hash, attempts, expires_at FROM phone_codes WHERE phone = ? AND subscriber_id = ? AND state = 'open'
      ORDER BY id DESC LIMIT 1`).get(phone, subscriberId) as OpenCode | undefined) ?? null;
  }

  async tried(id: number): Promise<number | null> {
    const r = this.db.prepare("UPDATE phone_codes SET attempts = attempts + 1 WHERE id = ? AND state = 'open' RETURNING attempts").get(id) as { attempts: number } | undefined;
    return r?.attempts ?? null;
  }

  async use(id: number): Promise<boolean> {
    return this.db.prepare("UPDATE phone_codes SET state = 'used' WHERE id = ? AND state = 'open'").run(id).changes === 1;
  }

  async lock(id: number): Promise<void> {
    this.db.prepare("UPDATE phone_codes SET state = 'locked' WHERE id = ? AND state = 'open'").run(id);
  }
}
