/** @module The embedded store: one SQLite file holding the registry, programmes, credits and the journal. */
import { openSqlite, type SqliteDb } from './open.js';
import { SqliteClaimRepo } from './claims.js';
import type { ClaimStore } from '../types.js';
import type { SqliteWriter } from './writer.js';

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

  /**
   * The claim path's view of this store. With `writer`, commits run in a writer thread on its own connection, so
   * the fsync of one batch overlaps the parsing of the next; without, they run here (tests, tools).
   */
  claimStore(writer?: SqliteWriter): ClaimStore {
    const c = this.claims;
    return {
      commitCredits: writer ? (b) => writer.commit(b) : (b) => c.commitCredits(b),
      creditsForReplay: () => c.creditsForReplay(),
      spendByCycle: () => c.spendByCycle(),
      journalEntries: () => c.journalEntries(),
      storedCredits: () => c.storedCredits(),
      ping: () => this.ping(),
      close: () => this.close(),
    };
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
