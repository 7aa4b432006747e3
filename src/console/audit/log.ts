/** @module The audit log the console writes to: append (checked, canonical, chained by the store), latest first, verify. */
import type { AuditStore } from '../../store/console-contract.js';
import {
  AuditRefused, auditBody, canonicalDetails, checkActor, isAuditAction, parseAuditBody, type AuditAction, type AuditEntry,
} from './entry.js';
import { verifyAudit, type AuditVerifyResult } from './verify.js';

/** What `latest` hands out at most in one call (the console pages through more with a smaller limit). */
export const MAX_LATEST = 500;

export class AuditLog {
  constructor(private readonly store: AuditStore, private readonly now: () => Date = () => new Date()) {}

  /**
   * Writes one entry and returns it. Everything is checked before the chain is locked, so a refused entry (an
   * unknown action, a secret in the details) throws AuditRefused and leaves no trace.
   */
  async append(actor: string, action: AuditAction, details: Record<string, unknown> = {}): Promise<AuditEntry> {
    checkActor(actor);
    // A JavaScript caller, or a string that came from a request, could name anything.
    if (!isAuditAction(action)) throw new AuditRefused(`unknown audit action ${JSON.stringify(action)}`);
    const d = canonicalDetails(details);
    const at = this.now().toISOString();
    const row = await this.store.append((seq) => auditBody(seq, at, actor, action, d));
    return { seq: row.seq, at, actor, action, details: d };
  }

  /** Newest first (CONTRACT §9 `GET /console/api/audit`); an entry whose text no longer parses shows as `unreadable`. */
  async latest(limit = 50): Promise<AuditEntry[]> {
    const n = Math.max(1, Math.min(MAX_LATEST, Math.trunc(limit) || 1));
    return (await this.store.latest(n)).map((r) => parseAuditBody(r.body) ?? { seq: r.seq, at: '', actor: '', action: 'unreadable', details: {} });
  }

  verify(): Promise<AuditVerifyResult> {
    return this.store.readChain(verifyAudit);
  }
}
