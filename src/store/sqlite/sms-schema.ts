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
  CREATE INDEX sms_outbox_phone ON sms_outbox (phone, id);
`;
