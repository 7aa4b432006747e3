/** @module Keeps the in-memory registry current while the node runs: rows an import touched since the last look. */
import { SqliteSubscriberRepo, type StoredSubscriber } from '../store/sqlite/subscribers.js';
import type { SqliteStore } from '../store/sqlite/store.js';

export class RegistryWatcher {
  private readonly repo: SqliteSubscriberRepo;
  private readonly maxStamp;
  private readonly dataVersion;
  private seen: string | null = null;
  private version = 0;

  constructor(store: SqliteStore) {
    this.repo = new SqliteSubscriberRepo(store.db);
    this.maxStamp = store.db.prepare('SELECT max(updated_at) FROM subscribers').pluck();
    // data_version moves only when another connection (an import run from the CLI) commits: a cheap "anything new?".
    this.dataVersion = store.db.prepare('PRAGMA data_version').pluck();
  }

  /** Everything, at start. */
  all(): Iterable<StoredSubscriber> {
    this.version = this.dataVersion.get() as number;
    this.seen = this.maxStamp.get() as string | null;
    return this.repo.iterateAll();
  }

  /** Rows updated since the last look; `>=` so a row written in the same millisecond as that look is not missed. */
  changed(): StoredSubscriber[] {
    const v = this.dataVersion.get() as number;
    if (v === this.version) return [];
    this.version = v;
    const stamp = this.maxStamp.get() as string | null;
    if (stamp === null) return [];
    const rows = this.seen === null ? [...this.repo.iterateAll()] : this.repo.changedSince(this.seen);
    this.seen = stamp;
    return rows;
  }
}
