/**
 * @module Subscriber search on the embedded store: numbers through their indexes, names through FTS5. A name's words
 * are matched exactly first (the last one as a prefix, for a name typed half-way), then within a slip or two of
 * spelling against the index's own vocabulary, then any of the words: each pass only when the one before found too few.
 */
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { editDistance, nameScore, NAME_MIN_SCORE, parseQuery, rankHits, slipsAllowed, type SearchHit } from '../search.js';
import type { SqliteDb } from './open.js';
import { fromRow, type Row } from './subscribers.js';

const COLS = `s.id, s.contract_no, s.meter_no, s.service, s.metering, s.tariff, s.power_kw, s.avg_monthly_use, s.category, s.holder_name,
  s.agency, s.district, s.phone, s.sts_iin, s.sts_sgc, s.sts_ti, s.sts_krn, s.sts_kt, s.sts_base_date`;
/** Candidates read per pass before scoring: a common family name matches tens of thousands. */
const CANDIDATES = 400;
/** Spelling variants tried per word, closest first. */
const VARIANTS = 24;
/** Past this many changed rows, rebuilding the whole index is quicker than replacing rows one by one. */
const REBUILD_OVER = 50_000;

export class SqliteSubscriberSearch {
  private vocab: { upto: string | null; terms: { term: string; docs: number }[] } | null = null;

  constructor(private readonly db: SqliteDb) {}

  /**
   * Brings the name index up to date with subscribers.updated_at, in one write transaction: nothing when nothing
   * changed, the changed rows after a small import, everything after a large one (or a store copied from elsewhere).
   */
  refresh(): void {
    const db = this.db;
    const upto = () => db.prepare('SELECT upto FROM subscriber_search_state WHERE id = 1').pluck().get() as string | null;
    const last = () => db.prepare('SELECT max(updated_at) FROM subscribers').pluck().get() as string | null;
    if (upto() === last()) return;
    db.transaction(() => {
      const from = upto();
      const to = last();
      if (to === null || from === to) return;
      const changed = from === null ? Infinity : (db.prepare('SELECT count(*) FROM subscribers WHERE updated_at >= ?').pluck().get(from) as number);
      if (changed > REBUILD_OVER) {
        db.exec("INSERT INTO subscriber_names (subscriber_names) VALUES ('delete-all')");
        db.exec('INSERT INTO subscriber_names (rowid, name) SELECT id, holder_name FROM subscribers');
      } else {
        // `>=`: a row stamped in the same millisecond as the last one indexed is indexed again, never missed.
        db.prepare('DELETE FROM subscriber_names WHERE rowid IN (SELECT id FROM subscribers WHERE updated_at >= ?)').run(from);
        db.prepare('INSERT INTO subscriber_names (rowid, name) SELECT id, holder_name FROM subscribers WHERE updated_at >= ?').run(from);
      }
      db.prepare('UPDATE subscriber_search_state SET upto = ? WHERE id = 1').run(to);
    }).immediate();
  }

  search(text: string, limit: number, agency: string | null = null): SearchHit[] {
    const q = parseQuery(text);
    const hits: SearchHit[] = [];
    const one = (sql: string, arg: string, match: SearchHit['match']) => {
      const r = this.db.prepare<[string], Row>(`SELECT ${COLS} FROM subscribers s WHERE ${sql}`).raw().get(arg);
      if (r) hits.push({ subscriber: fromRow(r), match, score: 1 });
    };
    // A number names one subscriber: the agency filter is for names only (an agent who picked the wrong one still finds the meter).
    if (q.digits) one('s.meter_no = ?', q.digits, 'meter');
    for (const c of q.contracts) one('s.contract_no = ?', c, 'contract');
    if (q.phone) {
      for (const r of this.db.prepare<[string], Row>(`SELECT ${COLS} FROM subscribers s WHERE s.phone = ? ORDER BY s.id LIMIT 50`).raw().all(q.phone)) {
        hits.push({ subscriber: fromRow(r), match: 'phone', score: 1 });
      }
    }
    if (q.words.length > 0) hits.push(...this.byName(q.words, limit, agency));
    return rankHits(hits, limit);
  }

  private byName(words: string[], limit: number, agency: string | null): SearchHit[] {
    this.refresh();
    const found = new Map<number, StoredSubscriber>();
    const run = (expr: string) => {
      const rows = this.db.prepare<[string, string | null, string | null], Row>(`SELECT ${COLS} FROM subscriber_names f JOIN subscribers s ON s.id = f.rowid
        WHERE subscriber_names MATCH ? AND (? IS NULL OR s.agency = ?) LIMIT ${CANDIDATES}`).raw().all(expr, agency, agency);
      for (const r of rows) found.set(r[0], fromRow(r));
    };
    const quoted = (t: string) => `"${t}"`;
    // Pass 1: every word as typed, the last one as a prefix.
    run(words.map((w, i) => (i === words.length - 1 ? `${quoted(w)}*` : quoted(w))).join(' AND '));
    if (found.size < limit) {
      // Pass 2: each word or its spelling variants from the index's own words.
      const groups = words.map((w, i) => [...new Set([w, ...this.variants(w)])].map((t) => (i === words.length - 1 ? `${quoted(t)}*` : quoted(t))));
      const all = groups.map((g) => `(${g.join(' OR ')})`);
      if (groups.some((g) => g.length > 1)) run(all.join(' AND '));
      // Pass 3: any of the words (a first name misheard, a family name dropped).
      if (found.size < limit && words.length > 1) run(all.join(' OR '));
    }
    const out: SearchHit[] = [];
    for (const s of found.values()) {
      const score = nameScore(words, s.holder_name);
      if (score >= NAME_MIN_SCORE) out.push({ subscriber: s, match: 'name', score });
    }
    return out;
  }

  /** Words of the index within the slips this word may carry, closest and commonest first. */
  private variants(word: string): string[] {
    const max = slipsAllowed(word);
    if (max === 0) return [];
    const near: { term: string; d: number; docs: number }[] = [];
    for (const t of this.terms()) {
      if (t.term === word || Math.abs(t.term.length - word.length) > max) continue;
      const d = editDistance(word, t.term, max);
      if (d <= max) near.push({ term: t.term, d, docs: t.docs });
    }
    return near.sort((a, b) => a.d - b.d || b.docs - a.docs).slice(0, VARIANTS).map((n) => n.term);
  }

  /** The index's vocabulary, read again whenever the index moved (another process may have refreshed it). */
  private terms(): { term: string; docs: number }[] {
    const upto = this.db.prepare('SELECT upto FROM subscriber_search_state WHERE id = 1').pluck().get() as string | null;
    if (this.vocab?.upto !== upto || this.vocab === null) {
      this.vocab = { upto, terms: this.db.prepare('SELECT term, doc AS docs FROM subscriber_name_terms WHERE doc > 0').all() as { term: string; docs: number }[] };
    }
    return this.vocab.terms;
  }
}
