/** @module SQLite tables of the SMS outbox: one row per message, written in the credit's own transaction when it is a credit's. */

export const SMS_MIGRATION = `
  CREATE TABLE sms_outbox (
    id INTEGER PRIMARY KEY,
    -- the credit it tells of (written in the same transaction), or null: a reply, a one-time code, a notice
    credit_id INTEGER REFERENCES credits(id),
    cycle TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('credit','reply','otp','notice')),
    phone TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','delivered','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    unanswered INTEGER NOT NULL DEFAULT 0,
    -- ms since the epoch: not taken before; front: ahead of the others (the SMSC's trouble, not the message's)
    due_at INTEGER NOT NULL,
    front INTEGER NOT NULL DEFAULT 0,
    -- a dispatcher holds a message it took until then (a crashed one's messages are taken again after it)
    lease_until INTEGER,
    leased_by TEXT,
    message_id TEXT,
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- what take() reads: messages due, front ones first, then in journal order; and the leases that ran out
  CREATE INDEX sms_outbox_due ON sms_outbox (state, front DESC, id);
  CREATE INDEX sms_outbox_lease ON sms_outbox (state, lease_until);
  CREATE INDEX sms_outbox_message ON sms_outbox (message_id) WHERE message_id IS NOT NULL;
  CREATE INDEX sms_outbox_credit ON sms_outbox (credit_id) WHERE credit_id IS NOT NULL;
  -- replies and codes are found by phone; a credit's notices by their credit (an index on every notice's phone would
  -- be written at a random place for each credit of a crowd: 1.4 KB of WAL a credit, measured)
  CREATE INDEX sms_outbox_phone ON sms_outbox (phone, id) WHERE credit_id IS NULL;
`;

/**
 * The spool (below), and the outbox table without its foreign key to `credits` and without the lease index, both paid
 * by every message of a credit that still goes in the outbox itself. A credit's notice is written in the credit's own transaction, right after it, and credits are never deleted
 * one by one, so the key checked nothing the transaction does not already hold; measured at store level (60,000
 * credits in random order, batches of 256), the foreign key was about 6 µs a credit of the 20-40 the outbox added.
 * Expired leases are found along `sms_outbox_due` instead (state 'sending' is its prefix, and only the window's
 * messages are in it at any time), which now holds only messages still to send: each message sent and delivered
 * moved its entry twice more through the index, under the drain's load.
 */
export const SMS_LEAN_MIGRATION = `
  CREATE TABLE sms_outbox_lean (
    id INTEGER PRIMARY KEY,
    credit_id INTEGER,
    cycle TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('credit','reply','otp','notice')),
    phone TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','delivered','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    unanswered INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER NOT NULL,
    front INTEGER NOT NULL DEFAULT 0,
    lease_until INTEGER,
    leased_by TEXT,
    message_id TEXT,
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  INSERT INTO sms_outbox_lean (id, credit_id, cycle, kind, phone, text, state, attempts, unanswered, due_at, front, lease_until, leased_by,
    message_id, reason, created_at, updated_at)
    SELECT id, credit_id, cycle, kind, phone, text, state, attempts, unanswered, due_at, front, lease_until, leased_by, message_id, reason,
      created_at, updated_at FROM sms_outbox;
  DROP TABLE sms_outbox;
  ALTER TABLE sms_outbox_lean RENAME TO sms_outbox;
  -- Only the messages still to send: a sent or delivered one leaves it, and its receipt touches no index (as on PostgreSQL).
  CREATE INDEX sms_outbox_due ON sms_outbox (state, front DESC, id) WHERE state IN ('queued', 'sending');
  CREATE INDEX sms_outbox_message ON sms_outbox (message_id) WHERE message_id IS NOT NULL;
  CREATE INDEX sms_outbox_credit ON sms_outbox (credit_id) WHERE credit_id IS NOT NULL;
  CREATE INDEX sms_outbox_phone ON sms_outbox (phone, id) WHERE credit_id IS NULL;
  -- A group commit's notices, written with its credits as one row (one per cycle): what the outbox row per credit cost
  -- the claims (sqlite/sms-spool.ts). Moved into sms_outbox, in journal order, as the sender drains it.
  CREATE TABLE sms_spool (
    id INTEGER PRIMARY KEY,
    cycle TEXT NOT NULL,
    n INTEGER NOT NULL,
    first_credit INTEGER NOT NULL,
    last_credit INTEGER NOT NULL,
    -- JSON: [[credit_id, kind, phone, text, created_at, due_at], ...] in journal order
    messages TEXT NOT NULL
  );
`;
