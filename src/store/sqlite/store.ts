/** @module The embedded store: one SQLite file holding the registry, programmes, credits and the journal. */
import { openSqlite, type SqliteDb } from './open.js';
import { SqliteClaimRepo } from './claims.js';

export class SqliteStore {
  readonly claims: SqliteClaimRepo;
  private readonly pingStmt;

  constructor(readonly db: SqliteDb, readonly path: string) {
    this.claims = new SqliteClaimRepo(db);
    this.pingStmt = db.prepare('SELECT 1');
  }

  static open(path: string): SqliteStore {
    return new SqliteStore(openSqlite(path), path);
  }

  ping(): boolean {
    try {
      return this.pingStmt.get() !== undefined;
    } catch {
      return false;
    }
  }

  setting(key: string): string | null {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
