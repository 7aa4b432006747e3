/** @module What one node remembers of the shared line: the places it handed out or learned by key tag, and the tickets it served. */
import type { KeyTag } from './pass.js';

export class KnownPlaces {
  /** Places this node handed out or learned by key tag: a return without the pass finds them without a round trip. */
  private readonly byTag = new Map<string, number>();
  /** Tickets served here (a pass presented again is a replay). */
  private readonly served = new Set<number>();

  ticketOf(tag: KeyTag): number {
    return this.byTag.get(key(tag)) ?? -1;
  }

  learn(tag: KeyTag, ticket: number): void {
    this.byTag.set(key(tag), ticket);
  }

  /** True the first time a ticket is served here, false for a replay. */
  serve(ticket: number): boolean {
    if (this.served.has(ticket)) return false;
    this.served.add(ticket);
    return true;
  }

  /** The draw moved the registrations' tags: places learned before it are no longer where they were. */
  redrawn(): void {
    this.byTag.clear();
  }

  /** Keeps to the live part of the line: places far behind the frontier will not be asked for. */
  forget(frontier: number): void {
    if (this.byTag.size + this.served.size < 100_000) return;
    const keep = frontier - 50_000;
    for (const [k, ticket] of this.byTag) if (ticket < keep) this.byTag.delete(k);
    for (const ticket of this.served) if (ticket < keep) this.served.delete(ticket);
  }

  get bytes(): number {
    return this.byTag.size * 64 + this.served.size * 16;
  }
}

function key(tag: KeyTag): string {
  return `${tag.hi}:${tag.lo}`;
}
