/** @module The SMS channel over SMPP 3.4: GSM-7 text, the sender, the dispatcher job and its queue port, the SMSC simulator. */
export { SINGLE_SMS_SEPTETS, decodeGsm7, describe, encodeGsm7, isGsm7, nonGsm7, septets } from './gsm7.js';
export { smsConfig } from './config.js';
export { SENDER_DEFAULTS, SmppSender, checkMessage, type LinkState, type SenderHandlers, type SmppSenderOptions } from './smpp/sender.js';
export type { OutcomeKind, SenderStats, SubmitOutcome } from './smpp/outcome.js';
export type { InboundSms } from './smpp/deliver.js';
export { IDS_AS_WRITTEN, canonicalId, type DeliveryReceipt, type IdRadix, type MessageIdStyle, type ReceiptState } from './smpp/receipt.js';
export { SMPP_RECONNECT } from './smpp/reconnect.js';
export { SMS_RETRY, SmsDispatcher, type DispatcherOptions, type DispatcherStats, type SmsRetryPolicy } from './dispatcher.js';
export type { RetryAt, SmsJob, SmsQueue } from './queue.js';
export { MemorySmsQueue, type JobRecord, type JobState } from './memory-queue.js';
export { startSimulator, type BindAttempt, type Simulator, type SimulatorStats } from './smpp/simulator/simulator.js';
export type { FailureKind, FailureRule, SimulatorOptions } from './smpp/simulator/options.js';
export type { InboxMessage } from './smpp/simulator/inbox.js';
export type { MobileOriginated } from './smpp/simulator/deliveries.js';
export { SMSC_SIM_USAGE, runSmscSim } from './smpp/simulator/cli.js';
