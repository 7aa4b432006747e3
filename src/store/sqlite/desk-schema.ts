/** @module SQLite schema of the call-centre desk: the holder-name index (FTS5), phone look-ups, and the agents' notes. */

/**
 * Appended to MIGRATIONS in schema.ts. The name index is contentless (it holds words, not names) and keyed by
 * subscriber id; it is brought up to date from `updated_at` (search.ts), in one statement after an import rather than
 * by a trigger per row: FTS5 indexes 465,000 names in half a second as one INSERT ... SELECT, and in seven seconds
 * one row at a time, which an import would pay. `unicode61 remove_diacritics 2` folds case and accents (é, ï, ô).
 */
export const DESK_MIGRATION = `
  CREATE INDEX subscribers_phone ON subscribers (phone);
  CREATE VIRTUAL TABLE subscriber_names USING fts5(name, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
  CREATE VIRTUAL TABLE subscriber_name_terms USING fts5vocab(subscriber_names, 'row');
  -- How far the name index has read subscribers.updated_at (NULL: never built).
  CREATE TABLE subscriber_search_state (id INTEGER PRIMARY KEY CHECK (id = 1), upto TEXT);
  INSERT INTO subscriber_search_state (id, upto) VALUES (1, NULL);

  CREATE TABLE console_notes (
    id INTEGER PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX console_notes_subscriber ON console_notes (subscriber_id, id);
`;
