/**
 * @module Demo mode's console accounts: one per role, with random passwords drawn here (CSPRNG) and printed once, when
 * they are created, marked DÉMO. The accounts are created by the console (console/demo-accounts.ts), which owns the
 * password policy and the hashing; this module only says who and draws what.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../domain/operator.js';

export interface DemoAccount {
  email: string;
  role: Role;
  password: string;
}

export const DEMO_EMAILS: Readonly<Record<Role, string>> = {
  admin: 'admin@demo.guichet.ga',
  supervisor: 'superviseur@demo.guichet.ga',
  agent: 'agent@demo.guichet.ga',
  auditor: 'auditeur@demo.guichet.ga',
};

/** 18 characters of base64url: 108 bits, well past the 12-character policy, and nothing a common list holds. */
export function demoPassword(): string {
  // Not starting with - or _: a password pasted after a command-line flag must not look like one.
  for (;;) {
    const p = randomBytes(14).toString('base64url').slice(0, 18);
    if (/^[A-Za-z0-9]/.test(p)) return p;
  }
}

export function demoAccounts(draw: () => string = demoPassword): DemoAccount[] {
  return (Object.entries(DEMO_EMAILS) as [Role, string][]).map(([role, email]) => ({ email, role, password: draw() }));
}

/** The lines printed once on the terminal that started the demo (French first, as every DÉMO notice). */
export function demoAccountsNotice(created: readonly DemoAccount[], consoleUrl: string): string[] {
  if (created.length === 0) {
    return [`DÉMO : comptes de la console déjà créés (mots de passe affichés au premier démarrage ; « guichet users reset-password » pour en choisir un autre). ${consoleUrl}`];
  }
  return [
    `DÉMO : comptes de la console créés, un par rôle (mots de passe affichés cette seule fois) — ${consoleUrl}`,
    ...created.map((a) => `  DÉMO  ${a.role.padEnd(10)} ${a.email.padEnd(28)} ${a.password}`),
  ];
}
