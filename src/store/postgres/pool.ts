/** @module PostgreSQL connections: a pool with sane limits, and connection faults told apart in plain words. */
import pg from 'pg';

export type PgFault = 'bad_url' | 'unreachable' | 'auth' | 'no_database' | 'other';

/** Something the operator can fix; `message` never contains the password. */
export class PgConnectError extends Error {
  constructor(readonly fault: PgFault, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

export interface PoolOptions {
  /** Connections per node. The claim path needs a few (commits serialize on the chain head anyway); imports one. */
  max?: number;
  connectTimeoutMs?: number;
  /** Time limits; the default suits a serving node and the command-line tools, `BULK_LIMITS` a long copy. */
  limits?: Partial<PgLimits>;
}

/**
 * How long anything may take before it is a fault. Without these, a database that vanishes silently (a partition,
 * a firewall dropping packets, a host gone without a reset) leaves a query waiting for an answer that never comes:
 * the kernel only gives up on the socket after many minutes, and the claim waits that long for its 503.
 */
export interface PgLimits {
  /** Client side: a statement not answered within this is abandoned and its connection thrown away (pg's query_timeout). */
  queryMs: number;
  /** Client side, for waits that are waits by design (advisory locks: another node filling or migrating the store). */
  lockWaitMs: number;
  /** Server side: a statement still running after this is cancelled by PostgreSQL itself (statement_timeout). */
  statementMs: number;
  /**
   * Server side: a session that holds a transaction open and sends nothing for this long is ended by PostgreSQL
   * (idle_in_transaction_session_timeout). That is what frees the chain-head lock held by a node cut off mid-commit:
   * shorter than `queryMs`, so the other nodes' commits waiting on it still succeed rather than time out too.
   */
  idleInTransactionMs: number;
  /** TCP keepalive probes on idle connections start after this (the OS decides the probe interval and count). */
  keepAliveDelayMs: number;
}

/** A serving node and the command-line tools: a claim commit fails within a few seconds, then answers 503. */
export const DEFAULT_LIMITS: PgLimits = {
  queryMs: 5_000, lockWaitMs: 60_000, statementMs: 60_000, idleInTransactionMs: 3_000, keepAliveDelayMs: 10_000,
};

/**
 * `guichet store copy`: one transaction for the whole move, which waits by design (its hold on the chain head and,
 * with --replace, its TRUNCATE queue behind whatever a node still running on the target is doing).
 */
export const BULK_LIMITS: PgLimits = {
  queryMs: 600_000, lockWaitMs: 600_000, statementMs: 600_000, idleInTransactionMs: 60_000, keepAliveDelayMs: 10_000,
};

/** Statements that wait for an advisory lock on purpose: they get `lockWaitMs`, not the ordinary statement limit. */
const LOCK_WAIT = /pg_advisory(_xact)?_lock\(/;

/** The message pg gives a statement abandoned after query_timeout; its connection may be wedged, so it is a fault. */
const READ_TIMEOUT = 'Query read timeout';

/** Checks the URL before pg sees it: pg would throw a bare TypeError, or silently fall back to local defaults. */
export function parsePgUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PgConnectError('bad_url', 'the database URL is not a URL: expected postgres://user:password@host:5432/database');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new PgConnectError('bad_url', `the database URL must start with postgres:// or postgresql:// (got ${u.protocol}//)`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!u.hostname) throw new PgConnectError('bad_url', 'the database URL names no host: expected postgres://user:password@host:5432/database');
  if (!database || database.includes('/')) {
    throw new PgConnectError('bad_url', 'the database URL names no database: expected postgres://user:password@host:5432/database');
  }
  const port = u.port === '' ? 5432 : Number(u.port);
  return { host: u.hostname, port, database, user: decodeURIComponent(u.username) || process.env.PGUSER || 'postgres' };
}

/** The URL as it may be printed or logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const INT8_OID = 20;
/** bigint (int8) columns arrive as strings by default; every one of ours (ids, seqs, FCFA sums) fits a double exactly. */
const TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as
    typeof pg.types.getTypeParser,
};

/** A pg client that gives advisory-lock waits their own, longer client-side limit (one pool serves both kinds of statement). */
function clientWith(limits: PgLimits): new () => pg.ClientBase {
  return class TimedClient extends pg.Client {
    override query(...args: unknown[]): never {
      const [config] = args;
      if (typeof config === 'string' && LOCK_WAIT.test(config)) args[0] = { text: config, query_timeout: limits.lockWaitMs };
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  } as unknown as new () => pg.ClientBase;
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  parsePgUrl(url);
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    // Connecting, and waiting for a free connection of the pool: a connection attempt into a black hole fails in the
    // same 5 s as a statement sent into one, so a claim meets its 503 within 5 s whichever it needed.
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'guichet',
    types: TYPES,
    keepAlive: true,
    keepAliveInitialDelayMillis: limits.keepAliveDelayMs,
    query_timeout: limits.queryMs,
    statement_timeout: limits.statementMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionMs,
    Client: clientWith(limits),
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, that would kill the process. The
  // next query on a fresh client reports the fault where someone can answer it (503, /healthz).
  pool.on('error', () => {});
  return pool;
}

/** Opens a pool and proves it can reach the database, or throws a PgConnectError saying what is wrong. */
export async function openPool(url: string, opts: PoolOptions = {}): Promise<pg.Pool> {
  const target = parsePgUrl(url);
  const pool = createPool(url, opts);
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (e) {
    await pool.end().catch(() => {});
    throw classifyPgError(e, target);
  }
}

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EAI_AGAIN: 'host name lookup failed',
  ENOTFOUND: 'no such host name',
};

/** Turns what pg throws while connecting into one of the faults an operator can act on. */
export function classifyPgError(e: unknown, t: PgTarget): PgConnectError {
  if (e instanceof PgConnectError) return e;
  const err = e as { code?: string; message?: string };
  const where = `${t.host}:${t.port}`;
  const code = err.code ?? '';
  if (code in UNREACHABLE) {
    return new PgConnectError('unreachable', `PostgreSQL is unreachable at ${where} (${UNREACHABLE[code]}): is it running, and are the URL's host and port right?`, { cause: e });
  }
  if (/timeout/i.test(err.message ?? '') || /terminated unexpectedly/i.test(err.message ?? '')) {
    return new PgConnectError('unreachable', `PostgreSQL is unreachable at ${where} (no answer in time): is it running, and are the URL's host and port right?`, { cause: e });
  }
  if (code === '28P01') return new PgConnectError('auth', `PostgreSQL at ${where} refused the password for user "${t.user}": wrong password`, { cause: e });
  if (code === '28000') {
    return new PgConnectError('auth', `PostgreSQL at ${where} refused user "${t.user}": no such user, or not allowed to connect from here (pg_hba.conf)`, { cause: e });
  }
  if (code === '3D000') {
    return new PgConnectError('no_database', `database "${t.database}" does not exist on ${where}: create it (createdb ${t.database}) or fix the URL`, { cause: e });
  }
  return new PgConnectError('other', `cannot use PostgreSQL at ${where}: ${err.message ?? String(e)}`, { cause: e });
}

/**
 * A fault of the connection rather than of the statement: the server went away, is shutting down or cannot take
 * connections. The caller answers 503 and tries again later; nothing was half-written (the transaction is lost whole).
 */
export function isConnectionFault(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  if (code in UNREACHABLE || code.startsWith('08') || code.startsWith('57P')) return true;
  // 25P03: the server ended a session idle in its transaction (idle_in_transaction_session_timeout).
  if (code === '25P03') return true;
  const msg = (e as Error)?.message ?? '';
  return msg === READ_TIMEOUT || /Connection terminated|connection timeout|Client has encountered a connection error/i.test(msg);
}
