/** @module What the SMSC simulator can be told to do: credentials, rate, id style, and failures chosen by destination. */

/**
 * What happens to a submit whose destination matches: answered ESME_RTHROTTLED / ESME_RMSGQFUL / a permanent error,
 * accepted but reported undeliverable or expired by its receipt, or never answered at all.
 */
export type FailureKind = 'throttle' | 'queue_full' | 'reject' | 'undeliverable' | 'expired' | 'no_answer';
export const FAILURE_KINDS: readonly FailureKind[] = ['throttle', 'queue_full', 'reject', 'undeliverable', 'expired', 'no_answer'];

export interface FailureRule {
  /** A prefix of destination_addr, or a regular expression tested on it. */
  match: string | RegExp;
  kind: FailureKind;
  /** command_status for `reject` (default ESME_RINVDSTADR, 0x0B). */
  status?: number;
}

export interface SimulatorOptions {
  port: number;
  host: string;
  systemId: string;
  password: string;
  /** submit_sm accepted per second at most (beyond: ESME_RTHROTTLED); null for no limit. */
  rate: number | null;
  /** Every K-th submit_sm is answered ESME_RTHROTTLED; null for never. */
  throttleEvery: number | null;
  failures: FailureRule[];
  /** How submit_sm_resp writes message ids. */
  idStyle: 'hex' | 'decimal';
  /** How the receipt's text writes them: like submit_sm_resp, or the other radix (as some SMSCs do). */
  receiptIdStyle: 'same' | 'hex' | 'decimal';
  /** Where receipts carry their id and state: TLVs (receipted_message_id, message_state), the text, or both. */
  receiptForm: 'both' | 'tlv' | 'text';
  /** Receipts are sent this long after the submit is accepted. */
  dlrDelayMs: number;
  /** submit_sm_resp goes this long after the submit arrives (a slow SMSC, and how a window fills). */
  respDelayMs: number;
  answerEnquireLink: boolean;
  /** The first message id handed out. */
  firstId: number;
}

export const SIMULATOR_DEFAULTS: SimulatorOptions = {
  port: 2775, host: '127.0.0.1', systemId: 'guichet', password: 'secret', rate: null, throttleEvery: null,
  failures: [], idStyle: 'hex', receiptIdStyle: 'same', receiptForm: 'both', dlrDelayMs: 0, respDelayMs: 0,
  answerEnquireLink: true, firstId: 0x1a2b,
};

export function ruleFor(rules: readonly FailureRule[], destination: string): FailureRule | undefined {
  return rules.find((r) => (typeof r.match === 'string' ? destination.startsWith(r.match) : r.match.test(destination)));
}

/**
 * `PATTERN:KIND` from the command line: `24106:throttle` (a prefix), `/^2410[67]/:no-answer` (a regular
 * expression), `2417:reject=0x0B` (a permanent error with its command_status). Kinds take `-` or `_`.
 */
export function parseFailure(spec: string): FailureRule {
  const at = spec.lastIndexOf(':');
  if (at <= 0) throw new Error(`--fail "${spec}": expected PATTERN:KIND`);
  const pattern = spec.slice(0, at);
  const [kindRaw, statusRaw] = spec.slice(at + 1).split('=');
  const kind = kindRaw.replace(/-/g, '_') as FailureKind;
  if (!FAILURE_KINDS.includes(kind)) throw new Error(`--fail "${spec}": kind must be one of ${FAILURE_KINDS.map((k) => k.replace(/_/g, '-')).join(', ')}`);
  const status = statusRaw === undefined ? undefined : Number(statusRaw);
  if (status !== undefined && (!Number.isInteger(status) || status <= 0 || kind !== 'reject')) {
    throw new Error(`--fail "${spec}": only reject takes =STATUS, a positive command_status`);
  }
  let match: string | RegExp = pattern;
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) match = new RegExp(pattern.slice(1, -1));
  else if (!/^\+?[0-9]+$/.test(pattern)) throw new Error(`--fail "${spec}": PATTERN is digits (a prefix) or /regex/`);
  return status === undefined ? { match: typeof match === 'string' ? match.replace(/^\+/, '') : match, kind } : { match, kind, status };
}
