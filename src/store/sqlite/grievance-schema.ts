/** @module SQLite tables of grievances (appended to MIGRATIONS in schema.ts; the same tables as `postgres/grievance-schema.ts`). */

export const GRIEVANCE_MIGRATION = `
  CREATE TABLE grievances (
    id INTEGER PRIMARY KEY,
    ticket TEXT NOT NULL UNIQUE,
    -- null: a number the registry does not hold (unknown_meter), kept in number
    subscriber_id INTEGER,
    number TEXT NOT NULL,
    -- who it is about, for the one-open-grievance rule: 's:<subscriber id>' or 'n:<number>'
    subject TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    cycle TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('not_retained','unknown_meter','code_rejected','not_credited','other')),
    message TEXT NOT NULL,
    phone TEXT,
    channel TEXT NOT NULL,
    logged_by TEXT,
    agency TEXT,
    status TEXT NOT NULL CHECK (status IN ('open','in_review','accepted','rejected')),
    assigned_to TEXT,
    refusal_reason TEXT,
    created_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    decision TEXT CHECK (decision IN ('accepted','rejected')),
    reason TEXT,
    -- the GrievanceRemedy as JSON, and the credit it names (the billing export's flag joins on it)
    remedy TEXT,
    remedy_credit_id INTEGER
  );
  -- one open grievance per subject, cycle and category: a second one raised at once, even on another node, finds the first
  CREATE UNIQUE INDEX grievances_one_open ON grievances (subject, programme_id, cycle, category) WHERE decision IS NULL;
  CREATE INDEX grievances_subject ON grievances (subject, id);
  CREATE INDEX grievances_queue ON grievances (status, id);
  CREATE INDEX grievances_flagged ON grievances (remedy_credit_id) WHERE remedy_credit_id IS NOT NULL;

  CREATE TABLE grievance_notes (
    id INTEGER PRIMARY KEY,
    grievance_id INTEGER NOT NULL REFERENCES grievances(id),
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX grievance_notes_of ON grievance_notes (grievance_id, id);

  -- an accepted eligibility grievance: this subscriber may claim in this cycle (claims/prepare.ts)
  CREATE TABLE grievance_exceptions (
    subscriber_id INTEGER NOT NULL,
    programme_id TEXT NOT NULL,
    cycle TEXT NOT NULL,
    ticket TEXT NOT NULL,
    approver TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, programme_id, cycle)
  );

  -- a new token for a credit the meter rejected: linked to the credit, never a second credit nor a second spend
  CREATE TABLE credit_replacements (
    id INTEGER PRIMARY KEY,
    credit_id INTEGER NOT NULL REFERENCES credits(id),
    ticket TEXT NOT NULL,
    subscriber_id INTEGER NOT NULL,
    token TEXT NOT NULL,
    tid INTEGER,
    approver TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX credit_replacements_of ON credit_replacements (credit_id);

  -- the journal entry of a credit claimed under an exception names the ticket and its approver
  ALTER TABLE credits ADD COLUMN grievance_ticket TEXT;
  ALTER TABLE credits ADD COLUMN grievance_approver TEXT;
`;
