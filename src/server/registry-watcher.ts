/** @module Keeps the in-memory registry current while the node runs: rows an import touched since the last look. */
import { SqliteSubscriberRepo, type StoredSubscriber } from '../store/sqlite/subscribers.js';
import type { SqliteStore } from '../store/sqlite/store.js';

export class RegistryWatcher {
  private readonly repo: SqliteSubscriberRepo;
  private readonly maxStamp;
  private seen: string | null = null;

  constructor(store: SqliteStore) {
    this.repo = new SqliteSubscriberRepo(store.db);
    // An index probe: cheap enough to ask every two seconds. (PRAGMA data_version was tried first, but it also
    // moves on every commit of the node's own writer thread, and re-reading the last import batch each time cost
    // 8% of the claim path's CPU under load.)
    this.maxStamp = store.db.prepare('SELECT max(updated_at) FROM subscribers').pluck();
  }

  /** Everything, at start. */
  all(): Iterable<StoredSubscriber> {
    this.seen = this.maxStamp.get() as string | null;
    return this.repo.iterateAll();
  }

  /**
   * Rows updated since the last look, once the newest stamp has moved; `>=` so rows written in the same
   * millisecond as that look are not missed (the last batch seen is read once more, only when something changed).
   */
  changed(): StoredSubscriber[] {
    const stamp = this.maxStamp.get() as string | null;
    if (stamp === null || stamp === this.seen) return [];
    const rows = this.seen === null ? [...this.repo.iterateAll()] : this.repo.changedSince(this.seen);
    this.seen = stamp;
    return rows;
  }
}
