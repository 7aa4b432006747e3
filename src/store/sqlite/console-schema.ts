/** @module SQLite schema of the console: operator accounts, sessions, failed-login counters, the audit chain and its head. */
import { GENESIS_HASH } from '../../journal/entry.js';

/** Appended to MIGRATIONS in schema.ts; the same tables as `postgres/console-schema.ts`. */
export const CONSOLE_MIGRATION = `
  CREATE TABLE console_accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin','supervisor','agent','auditor')),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    last_login_at TEXT
  );

  -- id_hash: SHA-256 of the cookie's session id, so a copy of this file opens no session.
  CREATE TABLE console_sessions (
    id_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES console_accounts(id),
    csrf TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    seen_ms INTEGER NOT NULL
  );
  CREATE INDEX console_sessions_account ON console_sessions (account_id);

  -- By normalised email, whether an account has it or not.
  CREATE TABLE console_login_failures (
    email TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start_ms INTEGER NOT NULL,
    locked_until_ms INTEGER
  );

  -- Append-only, hash-chained like the journal: hash = SHA-256(prev_hash || body). The head row moves in the same
  -- transaction as each append, so an entry cut from the end shows too.
  CREATE TABLE console_audit (
    seq INTEGER PRIMARY KEY,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE TABLE console_audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
  );
  INSERT INTO console_audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}');
  -- Guichet never edits or deletes an entry; these make a slip in code fail loudly. Whoever can drop them can edit
  -- the file anyway: that is what \`guichet audit verify\` is for.
  CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;
