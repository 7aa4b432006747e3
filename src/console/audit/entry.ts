/** @module Audit entries: the closed list of actions, the canonical text of an entry, and the guard that keeps secrets out of it (pure). */

/** What can happen in the console. Add to the end as features come; never rename one (old entries keep the old name). */
export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'lockout', 'logout',
  'user_added', 'user_disabled', 'password_reset',
  'programme_changed', 'cycle_opened', 'cycle_closed', 'admit_rate_changed', 'setting_changed',
  'issued_on_behalf', 'sms_resent', 'token_shown', 'subscriber_viewed',
  'export', 'import', 'codes_imported',
  'grievance_logged', 'grievance_decided', 'note_added',
  // issue 11's screens
  'subscriber_searched', 'cycle_scheduled', 'programme_dry_run', 'opening_changed',
  // issue 12: grievances (logged, decided and noted are above)
  'grievance_assigned',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(s: string): s is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(s);
}

export type DetailValue = string | number | boolean | null | DetailValue[] | { [key: string]: DetailValue };
export type AuditDetails = { [key: string]: DetailValue };

/** An entry as read back: `action` is a string, as an old entry may name an action this version no longer lists. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  details: AuditDetails;
}

/** A programming mistake (a secret, an unknown action, a bad actor): thrown before anything is written. */
export class AuditRefused extends Error {}

/** A details object of more than this is a mistake too (a whole file, a message thread): the log is for who did what. */
const MAX_DETAILS = 16 * 1024;

// Keys whose value is a secret or would open something: refused whatever their value. Split on _ - . and camelCase.
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'csrf', 'session', 'cookie', 'pin', 'otp', 'key']);
// Values that look like one whatever their key: a 20-digit STS token (bare or in groups of four), a password hash.
const SECRET_VALUES = [/^\d{4}([ -]?\d{4}){4}$/, /^scrypt\$/];

function keyWords(key: string): string[] {
  return key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().split(/[_\-.\s]+/);
}

/** Sorted keys at every depth: the same details always give the same bytes, and so the same hash. */
function canonical(v: unknown, path: string): DetailValue {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new AuditRefused(`audit detail ${path} is not a finite number`);
    return v;
  }
  if (typeof v === 'string') {
    if (SECRET_VALUES.some((re) => re.test(v.trim()))) throw new AuditRefused(`audit detail ${path} looks like a token, key or password hash`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => canonical(x, `${path}[${i}]`));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: { [key: string]: DetailValue } = {};
    for (const k of Object.keys(v).sort()) {
      if (keyWords(k).some((w) => SECRET_WORDS.has(w))) throw new AuditRefused(`audit detail ${path}.${k} would hold a secret`);
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canonical(x, `${path}.${k}`);
    }
    return out;
  }
  throw new AuditRefused(`audit detail ${path} is not JSON data (${typeof v})`);
}

export function canonicalDetails(details: Record<string, unknown>): AuditDetails {
  const d = canonical(details, 'details') as AuditDetails;
  if (JSON.stringify(d).length > MAX_DETAILS) throw new AuditRefused(`audit details over ${MAX_DETAILS} characters`);
  return d;
}

/** `system`, `cli:<os user>`, an account's email, `anonymous`: printable, one line, bounded. */
export function checkActor(actor: string): void {
  if (actor.length === 0 || actor.length > 320 || /\p{Cc}/u.test(actor)) throw new AuditRefused(`bad audit actor ${JSON.stringify(actor.slice(0, 40))}`);
}

/** The hashed text: these five keys in this order, then the details with sorted keys (as `entryBody` fixes the journal's). */
export function auditBody(seq: number, at: string, actor: string, action: string, details: AuditDetails): string {
  return JSON.stringify({ seq, at, actor, action, details });
}

export function parseAuditBody(body: string): AuditEntry | null {
  try {
    const o = JSON.parse(body) as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || typeof o.seq !== 'number' || typeof o.at !== 'string' || typeof o.actor !== 'string' ||
      typeof o.action !== 'string' || typeof o.details !== 'object' || o.details === null || Array.isArray(o.details)) return null;
    return { seq: o.seq, at: o.at, actor: o.actor, action: o.action, details: o.details as AuditDetails };
  } catch {
    return null;
  }
}
