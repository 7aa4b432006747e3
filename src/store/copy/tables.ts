/** @module What a store copy moves: every table of the schema, in an order its foreign keys accept, with each column's PostgreSQL type. */

export interface TableSpec {
  name: string;
  /** Integer key the rows are paged by (keyset, bounded memory); null for small tables read whole. */
  key: string | null;
  /** Columns in the order rows travel, with the PostgreSQL array type they are sent as. */
  columns: readonly (readonly [string, string])[];
}

// The same tables and columns on both engines (`sqlite/schema.ts`, `postgres/schema.ts`), ids included: credits refer
// to subscriber ids, pool codes to credit ids, and a claim id is derived from the journal seq. Nothing is renumbered.
// Not here: PostgreSQL's journal_head (set from the last journal entry) and schema_migrations (each side's own).
export const TABLES: readonly TableSpec[] = [
  {
    name: 'subscribers', key: 'id', columns: [
      ['id', 'int8'], ['contract_no', 'text'], ['meter_no', 'text'], ['service', 'text'], ['metering', 'text'], ['tariff', 'text'],
      ['power_kw', 'float8'], ['avg_monthly_use', 'float8'], ['category', 'text'], ['holder_name', 'text'], ['agency', 'text'],
      ['district', 'text'], ['phone', 'text'], ['sts_iin', 'text'], ['sts_sgc', 'text'], ['sts_ti', 'text'], ['sts_krn', 'int4'],
      ['sts_kt', 'text'], ['sts_base_date', 'text'], ['last_tid', 'int8'], ['updated_at', 'text'],
    ],
  },
  { name: 'programmes', key: null, columns: [['id', 'text'], ['body', 'text'], ['loaded_at', 'text']] },
  { name: 'settings', key: null, columns: [['key', 'text'], ['value', 'text']] },
  {
    name: 'credits', key: 'id', columns: [
      ['id', 'int8'], ['claim_id', 'text'], ['subscriber_id', 'int8'], ['contract_no', 'text'], ['meter_no', 'text'],
      ['programme_id', 'text'], ['cycle', 'text'], ['service', 'text'], ['metering', 'text'], ['fcfa', 'int4'],
      ['units_tenths', 'int4'], ['unit', 'text'], ['token', 'text'], ['issuer', 'text'], ['channel', 'text'], ['phone', 'text'],
      ['issued_at', 'text'], ['journal_seq', 'int8'], ['grievance_ticket', 'text'], ['grievance_approver', 'text'],
    ],
  },
  // Rows as stored, hashes included: the chain is moved, never recomputed, so the copy's head is the source's head.
  { name: 'journal', key: 'seq', columns: [['seq', 'int8'], ['prev_hash', 'text'], ['hash', 'text'], ['body', 'text']] },
  { name: 'cycle_spend', key: null, columns: [['programme_id', 'text'], ['cycle', 'text'], ['spent_fcfa', 'int8']] },
  {
    name: 'code_pool', key: 'id', columns: [
      ['id', 'int8'], ['meter_no', 'text'], ['cycle', 'text'], ['token', 'text'], ['units_tenths', 'int4'], ['credit_id', 'int8'],
      ['imported_at', 'text'],
    ],
  },
  // Messages not yet sent move with the store, so a copy loses none (one leased at the time is taken again once its
  // lease runs out, or at once when a node starts on an SQLite copy).
  {
    name: 'sms_outbox', key: 'id', columns: [
      ['id', 'int8'], ['credit_id', 'int8'], ['cycle', 'text'], ['kind', 'text'], ['phone', 'text'], ['text', 'text'], ['state', 'text'],
      ['attempts', 'int4'], ['unanswered', 'int4'], ['due_at', 'int8'], ['front', 'int2'], ['lease_until', 'int8'], ['leased_by', 'text'],
      ['message_id', 'text'], ['reason', 'text'], ['created_at', 'text'], ['updated_at', 'text'],
    ],
  },
  {
    name: 'phone_codes', key: 'id', columns: [
      ['id', 'int8'], ['phone', 'text'], ['subscriber_id', 'int8'], ['code_hash', 'text'], ['state', 'text'], ['attempts', 'int4'],
      ['expires_at', 'int8'], ['created_at', 'int8'],
    ],
  },
  // Grievances and what accepted ones left behind (an exception a claim honours, a replacement token): the journal
  // entries of credits claimed under an exception name their ticket, so both move together.
  {
    name: 'grievances', key: 'id', columns: [
      ['id', 'int8'], ['ticket', 'text'], ['subscriber_id', 'int8'], ['number', 'text'], ['subject', 'text'], ['programme_id', 'text'],
      ['cycle', 'text'], ['category', 'text'], ['message', 'text'], ['phone', 'text'], ['channel', 'text'], ['logged_by', 'text'],
      ['agency', 'text'], ['status', 'text'], ['assigned_to', 'text'], ['refusal_reason', 'text'], ['created_at', 'text'], ['due_at', 'text'],
      ['decided_at', 'text'], ['decided_by', 'text'], ['decision', 'text'], ['reason', 'text'], ['remedy', 'text'], ['remedy_credit_id', 'int8'],
    ],
  },
  { name: 'grievance_notes', key: 'id', columns: [['id', 'int8'], ['grievance_id', 'int8'], ['author', 'text'], ['body', 'text'], ['created_at', 'text']] },
  {
    name: 'grievance_exceptions', key: null, columns: [
      ['subscriber_id', 'int8'], ['programme_id', 'text'], ['cycle', 'text'], ['ticket', 'text'], ['approver', 'text'], ['created_at', 'text'],
    ],
  },
  {
    name: 'credit_replacements', key: 'id', columns: [
      ['id', 'int8'], ['credit_id', 'int8'], ['ticket', 'text'], ['subscriber_id', 'int8'], ['token', 'text'], ['tid', 'int8'],
      ['approver', 'text'], ['created_at', 'text'],
    ],
  },
];

/**
 * Console tables that point at subscribers and are not copied (accounts, sessions and the audit stay with each store):
 * --replace erases them with the subscribers they are about, or the foreign key would refuse the erasure.
 */
export const REPLACED_WITH_SUBSCRIBERS = ['console_notes'] as const;

/** Tables whose ids come from an identity sequence on PostgreSQL: moved past the copied ids afterwards. */
export const IDENTITY_TABLES = ['subscribers', 'credits', 'code_pool', 'sms_outbox', 'phone_codes', 'grievances', 'grievance_notes', 'credit_replacements'] as const;

/**
 * The settings row a PostgreSQL store keeps the demo vending key in; an SQLite store keeps it in a file beside the
 * database (`demo-vending-key`). A copy moves it from one place to the other, so demo tokens stay the same.
 */
export const DEMO_KEY_SETTING = 'demo_vending_key';
export const DEMO_KEY_FILE = 'demo-vending-key';

export const columnList = (t: TableSpec): string => t.columns.map((c) => c[0]).join(', ');
