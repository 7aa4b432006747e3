/** @module The simulator's phones: what each destination number received, for tests and the demo page. */

export interface InboxMessage {
  /** 1, 2, 3... in the order the simulator accepted messages. */
  seq: number;
  messageId: string;
  from: string;
  to: string;
  /** Decoded by the submit's data_coding (GSM-7 for Guichet's). */
  text: string;
  dataCoding: number;
  /** Epoch milliseconds at which the simulator accepted it. */
  at: number;
}

/**
 * Per number, the latest `perNumber` messages; at most `numbers` numbers, the ones silent longest forgotten first,
 * so a simulator fed a country's worth of SMS keeps a bounded memory.
 */
export class Inbox {
  private readonly phones = new Map<string, InboxMessage[]>();
  /** Messages accepted for delivery since the start, including those no longer kept. */
  total = 0;

  constructor(private readonly limits = { perNumber: 50, numbers: 100_000 }) {}

  add(m: InboxMessage): void {
    this.total++;
    const list = this.phones.get(m.to) ?? [];
    // Re-inserting moves the number to the end of the Map's order: the most recently active.
    this.phones.delete(m.to);
    list.push(m);
    if (list.length > this.limits.perNumber) list.shift();
    this.phones.set(m.to, list);
    if (this.phones.size > this.limits.numbers) this.phones.delete(this.phones.keys().next().value!);
  }

  /** What the phone received, oldest first. */
  of(number: string): readonly InboxMessage[] {
    return this.phones.get(number.replace(/^\+/, '')) ?? [];
  }

  numbers(): string[] {
    return [...this.phones.keys()];
  }

  /** Every kept message, in the order the simulator accepted them. */
  all(): InboxMessage[] {
    return [...this.phones.values()].flat().sort((a, b) => a.seq - b.seq);
  }
}
