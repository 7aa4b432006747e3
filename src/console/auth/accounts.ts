/** @module Operator accounts: add, list, disable, reset a password; each change checked, then written to the audit log. */
import type { Account, AccountStore } from '../../store/console-contract.js';
import type { AuditLog } from '../audit/log.js';
import { emailProblem, normaliseEmail } from './email.js';
import { DEFAULT_PARAMS, hashPassword, type ScryptParams } from './password.js';
import { passwordProblem } from './policy.js';
import { ROLES, isRole, type Role } from './roles.js';

/** An account as the console and the CLI may show it: never the password hash. */
export type PublicAccount = Omit<Account, 'password_hash'>;

export function publicAccount(a: Account): PublicAccount {
  const { password_hash: _hidden, ...rest } = a;
  return rest;
}

/** Input an operator can fix (a bad email, role or password, an account that exists or does not): the message says which, in English. */
export class AccountRefused extends Error {}

export interface AccountOptions {
  now?: () => Date;
  params?: ScryptParams;
}

export class AccountManager {
  private readonly now: () => Date;
  private readonly params: ScryptParams;

  constructor(private readonly store: AccountStore, private readonly audit: AuditLog, opts: AccountOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.params = opts.params ?? DEFAULT_PARAMS;
  }

  /** The normalised email, or AccountRefused saying what is wrong with it. */
  static email(raw: string): string {
    const email = normaliseEmail(raw);
    const problem = emailProblem(email);
    if (problem) throw new AccountRefused(problem);
    return email;
  }

  static role(raw: string): Role {
    if (!isRole(raw)) throw new AccountRefused(`unknown role "${raw}": one of ${ROLES.join(', ')}`);
    return raw;
  }

  static checkPassword(password: string, email: string): void {
    const problem = passwordProblem(password, email);
    if (problem) throw new AccountRefused(`password refused: ${problem}`);
  }

  /** Everything is checked before the (slow) hash, so a refusal is immediate. */
  async add(actor: string, input: { email: string; role: string; password: string }): Promise<PublicAccount> {
    const email = AccountManager.email(input.email);
    const role = AccountManager.role(input.role);
    AccountManager.checkPassword(input.password, email);
    if (await this.store.byEmail(email)) throw new AccountRefused(`an account with email ${email} already exists`);
    const password_hash = await hashPassword(input.password, this.params);
    const added = await this.store.add({ email, role, password_hash, created_at: this.now().toISOString() });
    // Another process added the same email while this one hashed.
    if (!added) throw new AccountRefused(`an account with email ${email} already exists`);
    await this.audit.append(actor, 'user_added', { email, role });
    return publicAccount(added);
  }

  async list(): Promise<PublicAccount[]> {
    return (await this.store.list()).map(publicAccount);
  }

  /** Disables the account and ends its sessions; disabling it again changes nothing and writes nothing. */
  async disable(actor: string, rawEmail: string): Promise<{ already: boolean; sessionsEnded: number }> {
    const email = AccountManager.email(rawEmail);
    const before = await this.store.byEmail(email);
    if (!before) throw new AccountRefused(`no account with email ${email}`);
    if (before.disabled) return { already: true, sessionsEnded: 0 };
    const ended = await this.store.disable(email);
    if (ended === null) throw new AccountRefused(`no account with email ${email}`);
    await this.audit.append(actor, 'user_disabled', { email, sessions_ended: ended });
    return { already: false, sessionsEnded: ended };
  }

  /** A new password (the policy applies) and every session of the account ended, so whoever knew the old one is out. */
  async resetPassword(actor: string, rawEmail: string, password: string): Promise<{ sessionsEnded: number }> {
    const email = AccountManager.email(rawEmail);
    AccountManager.checkPassword(password, email);
    if (!(await this.store.byEmail(email))) throw new AccountRefused(`no account with email ${email}`);
    const hash = await hashPassword(password, this.params);
    const ended = await this.store.setPassword(email, hash, this.now().toISOString());
    if (ended === null) throw new AccountRefused(`no account with email ${email}`);
    await this.audit.append(actor, 'password_reset', { email, sessions_ended: ended });
    return { sessionsEnded: ended };
  }
}
