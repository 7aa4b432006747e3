/** @module The registry in memory: every claim is answered from here, not from a query per rule. */
import type { Subscriber } from '../domain/subscriber.js';

export type IndexedSubscriber = Subscriber & { id: number };

export class RegistryIndex {
  private readonly byMeter = new Map<string, IndexedSubscriber>();
  private readonly byContract = new Map<string, IndexedSubscriber>();
  private readonly byId = new Map<number, IndexedSubscriber>();

  constructor(rows: Iterable<IndexedSubscriber> = []) {
    for (const r of rows) this.put(r);
  }

  /** Adds or replaces a subscriber (an import may change a contract's meter). */
  put(s: IndexedSubscriber): void {
    const old = this.byId.get(s.id);
    if (old) {
      if (this.byMeter.get(old.meter_no) === old) this.byMeter.delete(old.meter_no);
      if (this.byContract.get(old.contract_no) === old) this.byContract.delete(old.contract_no);
    }
    this.byId.set(s.id, s);
    this.byMeter.set(s.meter_no, s);
    this.byContract.set(s.contract_no.toUpperCase(), s);
  }

  meter(meterNo: string): IndexedSubscriber | undefined {
    return this.byMeter.get(meterNo);
  }

  contract(contractNo: string): IndexedSubscriber | undefined {
    return this.byContract.get(contractNo.toUpperCase());
  }

  all(): IterableIterator<IndexedSubscriber> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }
}
