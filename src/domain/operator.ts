/** @module The console's operators: the roles `guichet users --help` lists (what each may do is console/auth/roles.ts). */

export const ROLES = ['admin', 'supervisor', 'agent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
