/** @module Transactions on a checked-out PostgreSQL connection: all or nothing, and a lost connection never crashes the process. */
import type pg from 'pg';
import { isConnectionFault } from './pool.js';

/**
 * Runs `fn` in one transaction on one connection: COMMIT if it returns, ROLLBACK if it throws. A connection lost
 * on the way loses the transaction whole (nothing half-written) and is thrown away, not returned to the pool.
 *
 * While checked out, a client whose server goes away also emits 'error' (after its query failed, or between two
 * queries); with no listener that is an uncaught exception. The listener here keeps it to the query's rejection.
 */
export async function transaction<T>(pool: pg.Pool, begin: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let lost: Error | undefined;
  const onError = (e: Error) => {
    lost ??= e;
  };
  c.on('error', onError);
  try {
    await c.query(begin);
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    if (lost === undefined && isConnectionFault(e)) lost = e as Error;
    if (lost === undefined) await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.removeListener('error', onError);
    c.release(lost);
  }
}
