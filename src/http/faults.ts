/** @module Every 5xx is logged, as JSON, with its request id: never the query (numbers, passes), a token or a secret. */
import type { Logger } from 'pino';

export interface Fault {
  requestId: string;
  method: string;
  /** The request's address; its query string is dropped here. */
  url: string;
  status: number;
  err: unknown;
}

export function logFault(log: Logger, f: Fault): void {
  const e = f.err instanceof Error ? f.err : null;
  const cause = e?.cause instanceof Error ? e.cause.message : e?.cause !== undefined ? String(e.cause) : undefined;
  log.error({
    req_id: f.requestId, method: f.method, path: f.url.split('?')[0].slice(0, 200), status: f.status,
    err: e ? e.message : String(f.err), ...(cause !== undefined ? { cause } : {}), ...(e && f.status === 500 ? { stack: e.stack } : {}),
  }, f.status === 503 ? 'answered 503: store unavailable' : 'answered 500: unexpected error');
}
