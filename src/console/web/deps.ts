/** @module What the console's web side needs from the node: the console services, the store, the claim core and its programme, the waiting room, the SMS history. */
import type { Logger } from 'pino';
import type { AdmissionStats } from '../../admission/index.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type { ProgrammeView } from '../../claims/ports.js';
import type { Store } from '../../store/contract.js';
import type { Claimer } from '../desk/desk.js';
import type { SmsHistory } from '../desk/sms.js';
import type { ConsoleServices } from '../index.js';
import type { GrievanceService } from '../../grievances/port.js';

export interface ConsoleWebDeps {
  services: ConsoleServices;
  store: Store;
  logger: Logger;
  /** The load balancer's addresses: their X-Forwarded-For and X-Forwarded-Proto are believed. */
  trusted: ReadonlySet<string>;
  demo: boolean;
  now?: () => Date;
  /** The claim core (ClaimService): the desk issues through it, channel `agent`. */
  claims: Claimer;
  /** The programme in force, compiled (what the claim core decides with). */
  programme: () => ProgrammeView;
  /** The SMS outbox as the desk sees it (SMS_NOT_WIRED_YET until the node connects it). */
  sms: SmsHistory;
  /** The registry's agencies, for the desk's filter. */
  agencies: () => readonly string[];
  /** The waiting room: the dashboard shows its line, a supervisor sets its ceiling. Null: no room (tests, tools). */
  room: { stats(): AdmissionStats; setAdmitRate?(rate: number | null): void } | null;
  /** Re-reads the programme in force at once (after a save from the console), rather than at the next refresh. */
  reloadProgramme: () => Promise<void>;
  /** The registry in memory, for dry runs. */
  registry: () => Iterable<StoredSubscriber>;
  /** Grievances (CONTRACT §10): the queue, notes, assignment and decisions; their routes are absent without it. */
  grievances?: GrievanceService | null;
}
