/** @module Configuration from flags and environment, checked once at start: every problem listed, then exit. */
import { readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';

export interface StoreConfig {
  dataDir: string;
  /** PostgreSQL URL when the operator chose that store. */
  databaseUrl: string | null;
}

export interface ServeConfig extends StoreConfig {
  port: number;
  host: string;
  demo: boolean;
  /** 16 hex digits, or null: prepaid issuance by the STS engine is then refused. */
  vendingKey: string | null;
  vendingKeySource: string | null;
  prepaidIssuer: 'sts' | 'pool';
  logLevel: string;
  /** Operator ceiling on claims served per second (waiting room beyond it); null: the measured capacity decides. */
  admitRate: number | null;
  /** Abuse limits per client address (429 beyond), and the addresses exempt from them. */
  perAddressRate: number;
  perAddressConnections: number;
  trustedAddresses: string[];
  /** Who may read /metrics: these addresses, or null for anyone (`GUICHET_METRICS_ADDRESSES=any`). */
  metricsAddresses: string[] | null;
  /** A client must send its whole request head within this time (slow-loris guard). */
  headersTimeoutMs: number;
  /** Extra accept handles on the listening socket, so a crowd of new connections gets in (src/http/accept.ts). */
  acceptHandles: number;
  /** More handles while a crowd of new connections queues (src/http/accept-surge.ts). */
  acceptSurgeHandles: number;
  /** V8's heap growing factor, as 1 + N/100 (src/server/heap.ts); 0: V8's own. */
  heapGrowingPercent: number;
  /** GUICHET_SMPP_* and GUICHET_SMS_* as given: checked by the SMS channel when the node starts (server/sms.ts). */
  smsEnv: Record<string, string | undefined>;
  /** The console's own address (GUICHET_CONSOLE_HOST/PORT); null: served on the main port under /console. */
  consoleListen: { host: string; port: number } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Flags = Record<string, string | boolean | undefined>;
type Env = Record<string, string | undefined>;

export function storeConfig(flags: Flags, env: Env, problems: string[]): StoreConfig {
  const given = flags['data-dir'] ?? env.GUICHET_DATA_DIR;
  if (typeof given === 'string' && given.trim() === '') problems.push('--data-dir (or GUICHET_DATA_DIR) is empty: name the folder of the store.');
  const dataDir = resolve(String(typeof given === 'string' && given.trim() !== '' ? given : './data'));
  const url = (flags['database-url'] as string | undefined) ?? env.DATABASE_URL ?? null;
  if (flags['data-dir'] !== undefined && flags['database-url'] !== undefined) {
    problems.push('--data-dir and --database-url name two different stores: give one of them.');
  }
  if (url !== null && !/^postgres(ql)?:\/\//.test(url)) {
    problems.push(`--database-url must be a postgres:// or postgresql:// URL (got "${url.slice(0, 40)}").`);
  }
  return { dataDir, databaseUrl: url };
}

export const sqlitePath = (c: StoreConfig): string => join(c.dataDir, 'guichet.db');

export function readVendingKey(env: Env, problems: string[]): { key: string | null; source: string | null } {
  let key: string | null = null;
  let source: string | null = null;
  if (env.GUICHET_STS_VENDING_KEY) {
    key = env.GUICHET_STS_VENDING_KEY.trim();
    source = 'GUICHET_STS_VENDING_KEY';
  } else if (env.GUICHET_STS_VENDING_KEY_FILE) {
    try {
      key = readFileSync(env.GUICHET_STS_VENDING_KEY_FILE, 'utf8').trim();
      source = `file ${env.GUICHET_STS_VENDING_KEY_FILE}`;
    } catch (e) {
      problems.push(`GUICHET_STS_VENDING_KEY_FILE: cannot read ${env.GUICHET_STS_VENDING_KEY_FILE} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  // The key itself is never echoed, not even in an error.
  if (key !== null && !/^[0-9a-fA-F]{16}$/.test(key)) {
    problems.push(`the STS vending key from ${source} must be 16 hexadecimal digits.`);
    key = null;
  }
  return { key: key?.toLowerCase() ?? null, source };
}

export function serveConfig(flags: Flags, env: Env): ServeConfig {
  const problems: string[] = [];
  const store = storeConfig(flags, env, problems);
  const portRaw = String(flags.port ?? env.PORT ?? '8080');
  const port = Number(portRaw);
  if (!/^[0-9]+$/.test(portRaw) || port < 0 || port > 65535) problems.push(`port must be a number from 0 to 65535 (got "${portRaw}").`);
  const issuer = env.GUICHET_PREPAID_ISSUER ?? 'sts';
  if (issuer !== 'sts' && issuer !== 'pool') problems.push(`GUICHET_PREPAID_ISSUER must be "sts" or "pool" (got "${issuer}").`);
  const logLevel = env.GUICHET_LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) problems.push(`GUICHET_LOG_LEVEL "${logLevel}" is not a log level.`);
  const vk = readVendingKey(env, problems);
  const num = (name: string, raw: string | boolean | undefined, fallback: number | null, min: number): number | null => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (typeof raw !== 'string' || !/^[0-9]+$/.test(raw) || n < min) {
      problems.push(`${name} must be a whole number of at least ${min} (got "${String(raw)}").`);
      return fallback;
    }
    return n;
  };
  const admitRate = num('--admit-rate', flags['admit-rate'] ?? env.GUICHET_ADMIT_RATE, null, 1);
  const perAddressRate = num('--per-address-rate', flags['per-address-rate'] ?? env.GUICHET_PER_ADDRESS_RATE, 50, 1)!;
  const perAddressConnections = num('--per-address-connections', flags['per-address-connections'] ?? env.GUICHET_PER_ADDRESS_CONNECTIONS, 1000, 1)!;
  const headersTimeoutMs = num('GUICHET_HEADERS_TIMEOUT_MS', env.GUICHET_HEADERS_TIMEOUT_MS, 10_000, 100)!;
  const acceptHandles = num('GUICHET_ACCEPT_HANDLES', env.GUICHET_ACCEPT_HANDLES, 256, 0)!;
  // Each handle is a descriptor taken from the per-process limit the connections need.
  if (acceptHandles > 1024) problems.push(`GUICHET_ACCEPT_HANDLES must be at most 1024 (got ${acceptHandles}).`);
  // Added only while new connections queue (src/http/accept-surge.ts): 1,025 handles and 16,000 connections fit in 20,000.
  const acceptSurgeHandles = num('GUICHET_ACCEPT_SURGE_HANDLES', env.GUICHET_ACCEPT_SURGE_HANDLES, 768, 0)!;
  if (acceptHandles + acceptSurgeHandles > 2048) problems.push(`GUICHET_ACCEPT_HANDLES + GUICHET_ACCEPT_SURGE_HANDLES must be at most 2048 (got ${acceptHandles + acceptSurgeHandles}).`);
  // V8's heap growing factor as 1 + N/100 (src/server/heap.ts); 0: V8's own.
  const heapGrowingPercent = num('GUICHET_HEAP_GROWING_PERCENT', env.GUICHET_HEAP_GROWING_PERCENT, 0, 0)!;
  if (heapGrowingPercent > 300) problems.push(`GUICHET_HEAP_GROWING_PERCENT must be at most 300 (got ${heapGrowingPercent}).`);
  const trustedAddresses = (env.GUICHET_TRUSTED_ADDRESSES ?? '127.0.0.1,::1,::ffff:127.0.0.1').split(',').map((a) => a.trim()).filter(Boolean);
  const metricsRaw = env.GUICHET_METRICS_ADDRESSES?.trim();
  const metricsAddresses = metricsRaw === 'any' ? null : metricsRaw ? metricsRaw.split(',').map((a) => a.trim()).filter(Boolean) : trustedAddresses;
  const smsEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('GUICHET_SMPP_') || k.startsWith('GUICHET_SMS_')));
  const consoleListen = consoleAddress(env, port, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...store, port, host: env.GUICHET_HOST ?? '0.0.0.0', demo: flags['no-demo'] !== true,
    vendingKey: vk.key, vendingKeySource: vk.source, prepaidIssuer: issuer as 'sts' | 'pool', logLevel,
    admitRate, perAddressRate, perAddressConnections, trustedAddresses, metricsAddresses, headersTimeoutMs, acceptHandles, acceptSurgeHandles, heapGrowingPercent, smsEnv, consoleListen,
  };
}

/**
 * The console on a port of its own keeps it off the public interface: by default it then listens on the loopback
 * only (an office reaches it through a VPN or a reverse proxy), unless GUICHET_CONSOLE_HOST says otherwise.
 */
function consoleAddress(env: Env, mainPort: number, problems: string[]): { host: string; port: number } | null {
  const raw = env.GUICHET_CONSOLE_PORT?.trim();
  const host = env.GUICHET_CONSOLE_HOST?.trim();
  if (!raw) {
    if (host) problems.push('GUICHET_CONSOLE_HOST is set without GUICHET_CONSOLE_PORT: give the console its own port too (or unset both to serve it on the main port).');
    return null;
  }
  const port = Number(raw);
  if (!/^[0-9]+$/.test(raw) || port < 0 || port > 65535) {
    problems.push(`GUICHET_CONSOLE_PORT must be a number from 0 to 65535 (got "${raw}").`);
    return null;
  }
  if (port !== 0 && port === mainPort) problems.push(`GUICHET_CONSOLE_PORT ${port} is the main port: choose another one, or unset it to serve the console on the main port.`);
  return { host: host || '127.0.0.1', port };
}
