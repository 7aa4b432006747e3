/** @module `guichet users add|list|disable|reset-password`: console accounts from the command line, each change in the audit log. */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { STORE_OPTIONS, UsageError, chosenStore, parse, runCommand } from './args.js';
import { openStore, storeExists, storeLocation } from '../store/open.js';
import type { Store } from '../store/contract.js';
import { ConsoleServices } from '../console/index.js';
import { AccountManager, AccountRefused, type PublicAccount } from '../console/auth/accounts.js';
import { askHidden, PromptInterrupted } from './prompt.js';

export const USERS_USAGE = 'users add --email E --role admin|supervisor|agent|auditor [--password-file F] | users list [--json] | '
  + 'users disable --email E | users reset-password --email E [--password-file F]   [--data-dir DIR | --database-url URL]';
export const USERS_SUMMARY = 'console accounts: add one, list them, disable one, reset a password';

const OPTIONS = {
  ...STORE_OPTIONS,
  email: { type: 'string' },
  role: { type: 'string' },
  'password-file': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const HELP = `Console accounts and their roles: admin (accounts, settings), supervisor (programmes, cycles, exports,
grievance decisions), agent (search, claim for a caller, resend an SMS, log a grievance), auditor (reads everything,
changes nothing). Without --password-file, the password is asked twice on the terminal, not shown.
A password is at least 12 characters and not a common one. Disabling an account or resetting its password ends its
sessions on every node. Each change is written to the audit log as cli:<your user name>.`;

/** Who the audit log says made the change: the operating-system user running the command. */
export function cliActor(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // A container user with no passwd entry.
    name = process.env.USER ?? process.env.LOGNAME ?? (process.getuid ? `uid${process.getuid()}` : undefined);
  }
  return `cli:${name || 'unknown'}`;
}

/** From the file (one trailing line break dropped) or asked twice on the terminal; checked against the policy before any hash. */
async function newPassword(file: string | undefined, email: string): Promise<string> {
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new AccountRefused(`cannot read the password file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    const password = text.replace(/\r?\n$/, '');
    AccountManager.checkPassword(password, email);
    return password;
  }
  if (!process.stdin.isTTY) throw new AccountRefused('no --password-file and no terminal to ask the password on');
  const first = await askHidden(`New password for ${email}: `);
  // Refused at once rather than after typing it twice.
  AccountManager.checkPassword(first, email);
  if ((await askHidden('The same password again: ')) !== first) throw new AccountRefused('the two passwords differ; nothing changed');
  return first;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function printList(accounts: PublicAccount[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(accounts.map((a) => ({
      email: a.email, role: a.role, disabled: a.disabled, created_at: a.created_at, password_changed_at: a.password_changed_at,
      last_login_at: a.last_login_at,
    }))));
    return;
  }
  if (accounts.length === 0) {
    console.log('no console accounts yet: add one with `guichet users add --email E --role admin`');
    return;
  }
  const rows = [['email', 'role', 'disabled', 'last login'], ...accounts.map((a) => [a.email, a.role, yesNo(a.disabled), a.last_login_at ?? 'never'])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
}

function need(v: string | undefined, flag: string, sub: string): string {
  if (v === undefined || v === '') throw new UsageError(`users ${sub} needs --${flag}`);
  return v;
}

export function usersCommand(argv: string[]): Promise<number> {
  return runCommand('users', USERS_USAGE, async () => {
    const { values, positionals } = parse(argv, OPTIONS);
    if (values.help) {
      console.log(`usage: guichet ${USERS_USAGE}\n${HELP}`);
      return 0;
    }
    const [sub, ...extra] = positionals;
    if (!['add', 'list', 'disable', 'reset-password'].includes(sub ?? '')) {
      throw new UsageError(sub === undefined ? 'which users command? add, list, disable or reset-password' : `unknown users command "${sub}"`);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (values.json && sub !== 'list') throw new UsageError('--json goes with `users list` only');
    if (values.role !== undefined && sub !== 'add') throw new UsageError('--role goes with `users add` only');
    if (values['password-file'] !== undefined && sub !== 'add' && sub !== 'reset-password') {
      throw new UsageError('--password-file goes with `users add` and `users reset-password` only');
    }
    try {
      // Checked before the store opens: a typo costs nothing, and `add` asks for no password it would then refuse.
      const email = sub === 'list' ? '' : AccountManager.email(need(values.email, 'email', sub!));
      if (sub === 'add') AccountManager.role(need(values.role, 'role', sub));
      const config = chosenStore(values);
      // Only `add` may create the store (the first admin, before the first `serve`); the others just look.
      if (sub !== 'add' && !storeExists(config)) throw new AccountRefused(`no store at ${await storeLocation(config)}`);
      const store = await openStore(config, { purpose: 'command' });
      try {
        return await run(store, sub!, email, values);
      } finally {
        await store.close();
      }
    } catch (e) {
      if (e instanceof PromptInterrupted) return 130;
      if (!(e instanceof AccountRefused)) throw e;
      console.error(`guichet users: ${e.message}`);
      return 1;
    }
  });
}

async function run(store: Store, sub: string, email: string, values: { role?: string; 'password-file'?: string; json?: boolean }): Promise<number> {
  const c = ConsoleServices.open(store);
  const actor = cliActor();
  if (sub === 'list') {
    printList(await c.accounts.list(), values.json === true);
    return 0;
  }
  if (sub === 'disable') {
    const r = await c.accounts.disable(actor, email);
    console.log(r.already ? `${email} was already disabled` : `disabled ${email}; sessions ended: ${r.sessionsEnded}`);
    return 0;
  }
  const exists = (await c.store.accounts.byEmail(email)) !== null;
  if (sub === 'add' && exists) throw new AccountRefused(`an account with email ${email} already exists`);
  if (sub === 'reset-password' && !exists) throw new AccountRefused(`no account with email ${email}`);
  const password = await newPassword(values['password-file'], email);
  if (sub === 'add') {
    const a = await c.accounts.add(actor, { email, role: values.role!, password });
    console.log(`added ${a.email} (${a.role})`);
  } else {
    const r = await c.accounts.resetPassword(actor, email, password);
    console.log(`password of ${email} changed; sessions ended: ${r.sessionsEnded}`);
  }
  return 0;
}
