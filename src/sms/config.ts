/** @module CONTRACT §7's SMS settings from the environment, checked once at start with every problem listed. */
import type { IdRadix, MessageIdStyle } from './smpp/receipt.js';
import { SENDER_DEFAULTS, type SmppSenderOptions } from './smpp/sender.js';

type Env = Record<string, string | undefined>;

const RADIXES: readonly IdRadix[] = ['text', 'hex', 'decimal'];

function positive(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^[0-9]+$/.test(raw) || n < 1) problems.push(`${name} must be a whole number of at least 1 (got "${raw}").`);
  return n;
}

/**
 * The sender's options, or null when GUICHET_SMPP_URL is unset (no SMS is sent; the caller says so at start-up).
 * GUICHET_SMPP_ID_STYLE (`RESP/TEXT`, e.g. `hex/decimal`; default `text/text`) is not in CONTRACT §7 yet: it says how
 * this SMSC writes message ids in submit_sm_resp and in receipt texts, so receipts find their messages.
 */
export function smsConfig(env: Env, problems: string[]): SmppSenderOptions | null {
  const url = env.GUICHET_SMPP_URL;
  if (url === undefined || url === '') return null;
  const m = /^smpp:\/\/([^/:?#]+)(?::([0-9]{1,5}))?\/?$/.exec(url);
  if (!m || (m[2] !== undefined && Number(m[2]) > 65535)) problems.push(`GUICHET_SMPP_URL must look like smpp://host:port (got "${url.slice(0, 60)}").`);
  const systemId = env.GUICHET_SMPP_SYSTEM_ID ?? '';
  const password = env.GUICHET_SMPP_PASSWORD ?? '';
  if (!systemId) problems.push('GUICHET_SMPP_SYSTEM_ID is required with GUICHET_SMPP_URL.');
  if (systemId.length > 15) problems.push('GUICHET_SMPP_SYSTEM_ID is at most 15 characters (SMPP 3.4).');
  if (!password) problems.push('GUICHET_SMPP_PASSWORD is required with GUICHET_SMPP_URL.');
  if (password.length > 8) problems.push('GUICHET_SMPP_PASSWORD is at most 8 characters (SMPP 3.4).');
  const source = env.GUICHET_SMS_SENDER ?? '';
  if (!/^[0-9]{1,15}$|^[ -~]{1,11}$/.test(source)) problems.push(`GUICHET_SMS_SENDER must be a number or at most 11 ASCII characters such as SEEG (got "${source}").`);
  const [resp, receiptText] = (env.GUICHET_SMPP_ID_STYLE ?? 'text/text').split('/') as IdRadix[];
  if (!RADIXES.includes(resp) || !RADIXES.includes(receiptText)) problems.push(`GUICHET_SMPP_ID_STYLE must be RESP/TEXT, each text, hex or decimal (got "${env.GUICHET_SMPP_ID_STYLE}").`);
  const messageIds: MessageIdStyle = { resp, receiptText };
  return {
    host: m?.[1] ?? '', port: Number(m?.[2] ?? 2775), systemId, password, source, messageIds,
    ratePerSecond: positive(env, 'GUICHET_SMS_RATE', SENDER_DEFAULTS.ratePerSecond, problems),
    window: positive(env, 'GUICHET_SMPP_WINDOW', SENDER_DEFAULTS.window, problems),
  };
}
