/**
 * @module What a supervisor changes in a programme from the console, each change checked by the same parser as
 * `guichet programme validate`, saved as `guichet programme load` saves, and written to the audit log: the whole
 * programme (after a dry run of that very text), a cycle's state, an agency's window, the admit rate.
 */
import { createHash } from 'node:crypto';
import type { AgencyWindow, CycleState, Programme } from '../../domain/programme.js';
import { parseProgramme } from '../../programmes/index.js';
import type { ProgrammeStore } from '../../store/contract.js';
import type { AuditLog } from '../audit/log.js';
import { saveAdmitRate, type SettingStore } from './admit-rate.js';

export type Checked = { ok: true; programme: Programme } | { ok: false; problems: string[] };

/** A programme file is a few KB (the CLI takes 5 MB at most; a form, 256 KB). */
export const MAX_PROGRAMME_CHARS = 200_000;

/** The JSON as typed, checked: not JSON, or every problem the parser lists. */
export function checkText(text: string): Checked {
  if (text.length > MAX_PROGRAMME_CHARS) return { ok: false, problems: [`$: the programme is longer than ${MAX_PROGRAMME_CHARS} characters`] };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problems: [`$: not valid JSON (${(e as Error).message})`] };
  }
  return parseProgramme(json);
}

/** Which text a dry run was for: the save form must carry it, so what is saved is what was simulated. */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('base64url');

/** A dry run counts for saving for this long. */
const DRY_RUN_VALID_MS = 30 * 60_000;

export class ProgrammeEditor {
  /** `actor|hash` -> when that operator simulated that text. */
  private readonly simulated = new Map<string, number>();

  constructor(private readonly d: { programmes: ProgrammeStore; settings: SettingStore; audit: AuditLog; reload: () => Promise<void>; now: () => number }) {}

  async recordDryRun(actor: string, text: string, summary: Record<string, unknown>): Promise<string> {
    const h = textHash(text);
    this.simulated.set(`${actor}|${h}`, this.d.now());
    if (this.simulated.size > 1000) this.simulated.delete(this.simulated.keys().next().value!);
    await this.d.audit.append(actor, 'programme_dry_run', summary);
    return h;
  }

  /** Saves the text a dry run was made of by this operator (null: no such recent dry run, nothing saved). */
  async saveText(actor: string, text: string, hash: string): Promise<Checked | null> {
    const at = this.simulated.get(`${actor}|${hash}`);
    if (at === undefined || this.d.now() - at > DRY_RUN_VALID_MS || textHash(text) !== hash) return null;
    const c = checkText(text);
    if (!c.ok) return c;
    await this.save(actor, c.programme, 'programme_changed', { programme: c.programme.id, cycles: c.programme.cycles.map((x) => `${x.id}:${x.state}`).join(', ') });
    return c;
  }

  /** open, closed, or scheduled (with its opening date). */
  async setState(actor: string, current: Programme, cycleId: string, state: CycleState, opensAt: string | null): Promise<Checked> {
    const next = structuredClone(current);
    const c = next.cycles.find((x) => x.id === cycleId);
    if (!c) return { ok: false, problems: [`no cycle ${cycleId}`] };
    c.state = state;
    if (state === 'scheduled' && opensAt) c.opens_at = opensAt;
    const checked = parseProgramme(JSON.parse(JSON.stringify(next)));
    if (!checked.ok) return checked;
    const action = state === 'open' ? 'cycle_opened' : state === 'closed' ? 'cycle_closed' : 'cycle_scheduled';
    await this.save(actor, checked.programme, action, { programme: next.id, cycle: cycleId, ...(opensAt ? { opens_at: opensAt } : {}) });
    return checked;
  }

  /** Sets (or, with `remove`, drops) one agency's window in a cycle. */
  async setWindow(actor: string, current: Programme, cycleId: string, w: AgencyWindow, remove: boolean): Promise<Checked> {
    const next = structuredClone(current);
    const c = next.cycles.find((x) => x.id === cycleId);
    if (!c) return { ok: false, problems: [`no cycle ${cycleId}`] };
    const others = (c.agency_windows ?? []).filter((x) => x.agency !== w.agency);
    c.agency_windows = remove ? others : [...others, w].sort((a, b) => a.agency.localeCompare(b.agency, 'fr'));
    if (c.agency_windows.length === 0) delete c.agency_windows;
    const checked = parseProgramme(JSON.parse(JSON.stringify(next)));
    if (!checked.ok) return checked;
    await this.save(actor, checked.programme, 'opening_changed', { programme: next.id, cycle: cycleId, agency: w.agency, removed: remove, opens_at: w.opens_at ?? null, closes_at: w.closes_at ?? null });
    return checked;
  }

  async setAdmitRate(actor: string, rate: number | null, before: number | null): Promise<void> {
    await saveAdmitRate(this.d.settings, rate);
    await this.d.audit.append(actor, 'admit_rate_changed', { from: before, to: rate });
  }

  private async save(actor: string, p: Programme, action: 'programme_changed' | 'cycle_opened' | 'cycle_closed' | 'cycle_scheduled' | 'opening_changed', details: Record<string, unknown>): Promise<void> {
    const at = await this.d.programmes.saveStamped(p);
    await this.d.audit.append(actor, action, { ...details, loaded_at: at });
    // This node at once; the others within their two-second refresh.
    await this.d.reload();
  }
}
