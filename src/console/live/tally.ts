/**
 * @module What the dashboard counts, kept as the claims go by: every outcome (claims per second, refusals by reason)
 * and every new credit by cycle, service, metering and agency, on top of the totals the store held at start.
 * A few map increments per claim; nothing else runs on the claim path.
 */
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { CreditTotal } from '../../store/contract.js';

export interface Bucket {
  credits: number;
  fcfa: number;
}

/** `programme|cycle|service|metering|agency`. */
const keyOf = (t: Omit<CreditTotal, 'credits' | 'fcfa'>) => `${t.programme_id}\u0000${t.cycle}\u0000${t.service}\u0000${t.metering}\u0000${t.agency}`;

type Parts<V> = Map<string, V>;

/** The map under `key`, made the first time. */
function part<V>(m: Parts<Parts<V>>, key: string): Parts<V> {
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = new Map()));
  return v;
}

export class LiveTally {
  /** Outcomes answered since this node started (all channels). */
  claims = 0;
  issued = 0;
  readonly byOutcome = new Map<string, number>();
  private base = new Map<string, Bucket>();
  private delta = new Map<string, Bucket>();
  /** The buckets of `delta` by programme, cycle, service, metering, then agency: found without a key string a claim. */
  private byParts: Parts<Parts<Parts<Parts<Parts<Bucket>>>>> = new Map();

  /** The store's totals: the base the increments add to (again later, on a store several nodes write to). */
  setBase(rows: readonly CreditTotal[], deltaAtRequest?: ReadonlyMap<string, Bucket>): void {
    this.base = new Map(rows.map((r) => [keyOf(r), { credits: Number(r.credits), fcfa: Number(r.fcfa) }]));
    // Increments counted before the store was asked are in its answer; only the later ones stay.
    if (deltaAtRequest) {
      for (const [k, d] of deltaAtRequest) {
        const now = this.delta.get(k);
        if (!now) continue;
        now.credits -= d.credits;
        now.fcfa -= d.fcfa;
      }
    } else {
      this.delta = new Map();
      this.byParts = new Map();
    }
  }

  /** A copy of the increments so far, to hand back to setBase once a new base arrives. */
  snapshotDelta(): Map<string, Bucket> {
    return new Map([...this.delta].map(([k, v]) => [k, { ...v }]));
  }

  observe(o: ClaimOutcome): void {
    this.claims++;
    const label = o.kind === 'issued' ? (o.replayed ? 'replayed' : 'issued') : o.kind === 'ineligible' ? o.reason : o.kind;
    this.byOutcome.set(label, (this.byOutcome.get(label) ?? 0) + 1);
    if (o.kind !== 'issued' || o.replayed) return;
    this.issued++;
    const c = o.credit;
    const agency = o.subscriber.agency;
    const byAgency = part(part(part(part(this.byParts, c.programme_id), c.cycle), c.service), c.metering);
    let b = byAgency.get(agency);
    if (b === undefined) {
      const k = keyOf({ programme_id: c.programme_id, cycle: c.cycle, service: c.service, metering: c.metering, agency });
      b = this.delta.get(k);
      if (b === undefined) this.delta.set(k, (b = { credits: 0, fcfa: 0 }));
      byAgency.set(agency, b);
    }
    b.credits++;
    b.fcfa += c.fcfa;
  }

  /** Credits and FCFA of one programme and cycle, by service, metering and agency (base plus increments). */
  totals(programmeId: string, cycle: string): CreditTotal[] {
    const out = new Map<string, CreditTotal>();
    for (const [src, sign] of [[this.base, 1], [this.delta, 1]] as const) {
      for (const [k, b] of src) {
        const [p, cy, service, metering, agency] = k.split('\u0000');
        if (p !== programmeId || cy !== cycle) continue;
        const t = out.get(k) ?? { programme_id: p, cycle: cy, service, metering, agency, credits: 0, fcfa: 0 };
        t.credits += sign * b.credits;
        t.fcfa += sign * b.fcfa;
        out.set(k, t);
      }
    }
    return [...out.values()];
  }
}
