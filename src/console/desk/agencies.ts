/** @module The registry's agencies, for the desk's filter: read from the in-memory registry at most once a minute. */
import type { StoredSubscriber } from '../../domain/subscriber.js';

export function agencyList(all: () => Iterable<StoredSubscriber>, now: () => number = Date.now, everyMs = 60_000): () => readonly string[] {
  let at = -Infinity;
  let list: string[] = [];
  return () => {
    if (now() - at >= everyMs) {
      const seen = new Set<string>();
      for (const s of all()) seen.add(s.agency);
      list = [...seen].sort((a, b) => a.localeCompare(b, 'fr'));
      at = now();
    }
    return list;
  };
}
