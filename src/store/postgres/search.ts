/**
 * @module Subscriber search on PostgreSQL: numbers through their indexes, names through pg_trgm's word similarity
 * on the trigram index (accents and case folded by guichet_name_key). Candidates are scored again with the rule the
 * embedded store uses (store/search.ts), so both engines rank alike.
 */
import type pg from 'pg';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { nameScore, NAME_MIN_SCORE, parseQuery, rankHits, type SearchHit } from '../search.js';
import { transaction } from './tx.js';

const COLS = `id, contract_no, meter_no, service, metering, tariff, power_kw, avg_monthly_use, category, holder_name, agency, district,
  phone, sts_iin, sts_sgc, sts_ti, sts_krn, sts_kt, sts_base_date`;
const CANDIDATES = 400;
/**
 * pg_trgm's default word-similarity threshold (0.6) misses a name with two slips in it; 0.45 still keeps strangers
 * out (the candidates are scored again afterwards). Set for the search's own transaction only.
 */
const THRESHOLD = '0.45';

export async function pgSearch(pool: pg.Pool, text: string, limit: number, agency: string | null = null): Promise<SearchHit[]> {
  const q = parseQuery(text);
  const hits: SearchHit[] = [];
  const add = (rows: StoredSubscriber[], match: SearchHit['match']) => rows.forEach((subscriber) => hits.push({ subscriber, match, score: 1 }));
  const exact: Promise<void>[] = [];
  if (q.digits) exact.push(pool.query<StoredSubscriber>(`SELECT ${COLS} FROM subscribers WHERE meter_no = $1`, [q.digits]).then((r) => add(r.rows, 'meter')));
  if (q.contracts.length) {
    exact.push(pool.query<StoredSubscriber>(`SELECT ${COLS} FROM subscribers WHERE contract_no = ANY($1::text[])`, [q.contracts]).then((r) => add(r.rows, 'contract')));
  }
  if (q.phone) exact.push(pool.query<StoredSubscriber>(`SELECT ${COLS} FROM subscribers WHERE phone = $1 ORDER BY id LIMIT 50`, [q.phone]).then((r) => add(r.rows, 'phone')));
  await Promise.all(exact);
  if (q.words.length > 0) {
    const key = q.words.join(' ');
    const rows = await transaction(pool, 'BEGIN READ ONLY', async (c) => {
      await c.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [THRESHOLD]);
      return (await c.query<StoredSubscriber>(`SELECT ${COLS} FROM subscribers WHERE $1 <% guichet_name_key(holder_name)
        AND ($2::text IS NULL OR agency = $2) ORDER BY word_similarity($1, guichet_name_key(holder_name)) DESC, id LIMIT ${CANDIDATES}`, [key, agency])).rows;
    });
    for (const s of rows) {
      const score = nameScore(q.words, s.holder_name);
      if (score >= NAME_MIN_SCORE) hits.push({ subscriber: s, match: 'name', score });
    }
  }
  return rankHits(hits, limit);
}
