/** @module Keyset paging for PostgreSQL reads: bounded memory, no server-side cursor, no long-held connection. */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export const PAGE = 5000;

/**
 * Yields every row of `sql`, page after page. The statement takes `args`, then the last key seen and the page
 * size as its two last parameters (`... WHERE key > $n ORDER BY key LIMIT $n+1`). Each page is its own statement,
 * so on a pool the connection goes back between pages; give a client to read every page in one snapshot.
 */
export async function* paged<T>(q: Queryable, sql: string, key: keyof T & string, args: unknown[] = [], page = PAGE): AsyncGenerator<T> {
  let after: unknown = -1;
  for (;;) {
    const { rows } = await q.query(sql, [...args, after, page]);
    yield* rows as T[];
    if (rows.length < page) return;
    after = (rows[rows.length - 1] as T)[key];
  }
}
