/** @module SQLite table of the one-time codes that prove a phone before it gets a credit's SMS (stored as HMACs, never the code). */

export const OTP_MIGRATION = `
  CREATE TABLE phone_codes (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
    code_hash TEXT NOT NULL,
    -- open: may be typed; used: typed right once; replaced: a newer code was sent; locked: five wrong tries
    state TEXT NOT NULL CHECK (state IN ('open','used','replaced','locked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX phone_codes_phone ON phone_codes (phone, created_at);
  CREATE INDEX phone_codes_subscriber ON phone_codes (subscriber_id, created_at);
`;
