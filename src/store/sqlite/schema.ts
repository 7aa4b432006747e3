/** @module SQLite schema. Each migration runs once, in order, inside a transaction; `user_version` records how far we got. */
import { CONSOLE_MIGRATION } from './console-schema.js';
import { SMS_LEAN_MIGRATION, SMS_MIGRATION } from './sms-schema.js';
import { OTP_MIGRATION } from './otp-schema.js';
import { DESK_MIGRATION } from './desk-schema.js';
import { GRIEVANCE_MIGRATION } from './grievance-schema.js';

export const MIGRATIONS: string[] = [
  `
  CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY,
    contract_no TEXT NOT NULL UNIQUE,
    meter_no TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL CHECK (service IN ('electricity','water')),
    metering TEXT NOT NULL CHECK (metering IN ('prepaid','postpaid')),
    tariff TEXT NOT NULL CHECK (tariff IN ('social','general')),
    power_kw REAL,
    avg_monthly_use REAL NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('particulier','professionnel','administration')),
    holder_name TEXT NOT NULL,
    agency TEXT NOT NULL,
    district TEXT NOT NULL,
    phone TEXT,
    sts_iin TEXT, sts_sgc TEXT, sts_ti TEXT, sts_krn INTEGER, sts_kt TEXT, sts_base_date TEXT,
    -- the last STS token id (minutes since base date) minted for this meter: two tokens never share one
    last_tid INTEGER,
    updated_at TEXT NOT NULL
  );
  -- a running node picks up the rows an import touched since it last looked
  CREATE INDEX subscribers_updated ON subscribers (updated_at);

  CREATE TABLE programmes (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    loaded_at TEXT NOT NULL
  );

  -- One row per (subscriber, programme, cycle): the unique key is what makes a claim exactly-once.
  CREATE TABLE credits (
    id INTEGER PRIMARY KEY,
    -- derived from journal_seq (unique below): a second unique index would only slow every commit
    claim_id TEXT NOT NULL,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
    -- who it was issued to at the time (a later import may change the subscriber's meter)
    contract_no TEXT NOT NULL,
    meter_no TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    cycle TEXT NOT NULL,
    service TEXT NOT NULL,
    metering TEXT NOT NULL,
    fcfa INTEGER NOT NULL,
    units_tenths INTEGER NOT NULL,
    unit TEXT NOT NULL,
    token TEXT,
    issuer TEXT NOT NULL,
    channel TEXT NOT NULL,
    phone TEXT,
    issued_at TEXT NOT NULL,
    journal_seq INTEGER NOT NULL UNIQUE,
    UNIQUE (subscriber_id, programme_id, cycle)
  );

  -- Append-only, hash-chained: hash = SHA-256(prev_hash || body).
  CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL
  );

  CREATE TABLE cycle_spend (
    programme_id TEXT NOT NULL,
    cycle TEXT NOT NULL,
    spent_fcfa INTEGER NOT NULL,
    PRIMARY KEY (programme_id, cycle)
  );

  -- Tokens generated in advance by the utility's own vending system (the 2020 way).
  CREATE TABLE code_pool (
    id INTEGER PRIMARY KEY,
    meter_no TEXT NOT NULL,
    cycle TEXT NOT NULL,
    token TEXT NOT NULL,
    units_tenths INTEGER NOT NULL,
    credit_id INTEGER REFERENCES credits(id),
    imported_at TEXT NOT NULL,
    UNIQUE (token)
  );
  CREATE INDEX code_pool_free ON code_pool (meter_no, cycle, credit_id);

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  CONSOLE_MIGRATION,
  SMS_MIGRATION,
  OTP_MIGRATION,
  DESK_MIGRATION,
  GRIEVANCE_MIGRATION,
  SMS_LEAN_MIGRATION,
];
