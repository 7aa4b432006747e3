/** @module Console roles (CONTRACT §9) and what each may do: one table the HTTP layer checks with `can(role, permission)`. */

import { ROLES, type Role } from '../../domain/operator.js';

export { ROLES, type Role };

/**
 * Everything a console route can ask for. Reading is split from changing: the auditor reads everything and
 * changes nothing, so every "read" permission is one the auditor holds, and no "write" one is.
 */
export const PERMISSIONS = [
  // admin
  'accounts.read', 'accounts.manage', 'settings.read', 'settings.manage',
  // supervisor
  'programmes.read', 'programmes.manage', 'cycles.read', 'cycles.manage', 'opening.manage', 'admit_rate.manage',
  'grievances.decide', 'exports.run',
  // agent
  'subscribers.search', 'credits.issue_on_behalf', 'sms.resend', 'grievances.log',
  // shared reads
  'grievances.read', 'credits.read', 'audit.read',
  // the console's screens (issue 11): the live dashboard and the State's reconciliation are reads; a note, a token
  // read out to a caller and an import change or reveal something, so each is a right of its own
  'dashboard.read', 'reconciliation.read', 'notes.write', 'credits.reveal_token', 'imports.run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READS: readonly Permission[] = PERMISSIONS.filter((p) => p.endsWith('.read') || p === 'subscribers.search');

/**
 * Who may do what. The admin runs accounts and settings and reads the audit log (CONTRACT §9 gives the audit API to
 * auditor and admin) but does not run the relief: whoever grants rights is not whoever uses them, so taking a
 * supervisor's powers takes an account change, which the audit log records. Exports carry every credited subscriber:
 * a supervisor's to take away, not the auditor's (who reads them in place).
 */
const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['accounts.read', 'accounts.manage', 'settings.read', 'settings.manage', 'audit.read'],
  supervisor: [
    'programmes.read', 'programmes.manage', 'cycles.read', 'cycles.manage', 'opening.manage', 'admit_rate.manage',
    'grievances.read', 'grievances.decide', 'exports.run', 'credits.read', 'subscribers.search',
    'dashboard.read', 'reconciliation.read', 'notes.write', 'imports.run',
  ],
  // Only the agent reads a token out: the one who talks to the caller, and each showing is audited with its reason.
  agent: ['subscribers.search', 'credits.read', 'credits.issue_on_behalf', 'sms.resend', 'grievances.read', 'grievances.log',
    'notes.write', 'credits.reveal_token'],
  auditor: READS,
};

const TABLE: ReadonlyMap<Role, ReadonlySet<Permission>> = new Map(ROLES.map((r) => [r, new Set(GRANTS[r])]));

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** The one check: false for an unknown role or permission (a typo in a route denies, never allows). */
export function can(role: string, permission: string): boolean {
  return TABLE.get(role as Role)?.has(permission as Permission) ?? false;
}

/** A role's permissions, for the console to show or hide what the signed-in account cannot use. */
export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}
