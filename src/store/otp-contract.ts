/** @module The store side of one-time codes: issued under rate limits, tried at most five times, used once; every change one atomic statement. */

export interface OpenCode {
  id: number;
  code_hash: string;
  attempts: number;
  expires_at: number;
}

export interface CodeLimits {
  /** Codes one phone may be sent in the last hour. */
  perPhoneHour: number;
  /** Codes one subscriber may have sent (to any phone) in the last day. */
  perSubscriberDay: number;
}

export interface PhoneCodeStore {
  /** A new code for this phone and subscriber; any open one is replaced. 'limited': over a limit, nothing stored. */
  issue(r: { phone: string; subscriber_id: number; code_hash: string; expires_at: number; now: number }, limits: CodeLimits): Promise<'issued' | 'limited'>;
  /** The latest code still open for this phone and subscriber (expired or not), or null. */
  open(phone: string, subscriberId: number): Promise<OpenCode | null>;
  /** Counts one try; returns the tries so far, or null when the code is no longer open (used, replaced, locked). */
  tried(id: number): Promise<number | null>;
  /** True for the one caller that uses it (single use, even for two tries at once). */
  use(id: number): Promise<boolean>;
  lock(id: number): Promise<void>;
}
