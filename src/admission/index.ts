/** @module Admission control for the claim path: the waiting room (in memory, or shared through the store), its passes and its settings. */
export { WaitingRoom } from './waiting-room.js';
export { SharedWaitingRoom, type SharedRoomOptions } from './shared-room.js';
export { LineUnavailable, type LineStore, type LineReport, type LineView, type LineJoin } from './shared-line.js';
export type { Admission, Room } from './room.js';
export { PassCodec, PASS_LENGTH, type PassClaims, type PassReason } from './pass.js';
export type { AdmissionStats, Opening, WaitingRoomOptions } from './options.js';
export { MAX_RETRY_S, etaSeconds, retryAfter } from './timing.js';
