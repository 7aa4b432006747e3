/** @module Admission control for the claim path: the waiting room, its passes and its settings. */
export { WaitingRoom, type Admission } from './waiting-room.js';
export { PassCodec, PASS_LENGTH, type PassClaims, type PassReason } from './pass.js';
export type { AdmissionStats, Opening, WaitingRoomOptions } from './options.js';
export { MAX_RETRY_S, etaSeconds, retryAfter } from './timing.js';
