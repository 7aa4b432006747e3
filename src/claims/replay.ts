/** @module What the claim service reads once at start: every committed credit, so replays answer from memory. */
import { CreditBook } from './credit-book.js';
import type { ClaimServiceStore } from './ports.js';

/** The store could not commit (or the shared line could not be reached): a fault, never a false refusal. */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('store unavailable', { cause });
  }
}

/**
 * Every committed credit, into the compact book (credit-book.ts): each stored row's strings are read once, and only
 * the numbers and the few codes stay.
 */
export async function loadCredits<P>(store: ClaimServiceStore): Promise<CreditBook<P>> {
  const book = new CreditBook<P>();
  for await (const c of store.creditsForReplay()) book.put(c);
  return book;
}
