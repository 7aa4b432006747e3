/** @module STS engine public API: IEC 62055-41 class-0 credit tokens, their decoding, and a virtual meter. */
export { StsError, isStsError, type StsErrorCode } from './errors.js';
export { luhnCheckDigit, isValidLuhn, validateDrn, isValidDrn, buildPan, parsePan } from './luhn.js';
export { type StsKeyData, type EncryptionAlgorithm, type KeyGenerationAlgorithm, checkKeyData } from './key-data.js';
export { type BaseDate, BASE_DATES, MAX_TID, tidAt, dateOfTid, nextTid } from './tid.js';
export {
  encodeAmount, decodeAmount, isEncodable, nearestEncodable, roundDownToEncodable, parseUnits, tenthsToUnits, MAX_TENTHS,
} from './amount.js';
export {
  MeterKey, type MeterKeyInput, deriveMeterKey, meterKeyFromDecoderKey, cachedMeterKey, configureMeterKeyCache,
  clearMeterKeyCache, meterKeyCacheSize,
} from './meter-key.js';
export { type Service, type CreditFields, type MintCreditTokenInput, mintCreditToken, mintWithMeterKey } from './token.js';
export { type DecodedToken, decodeToken } from './decode.js';
export { VirtualMeter, type VirtualMeterOptions, type KeyResult, type RefusalReason } from './virtual-meter.js';
export { tokenCrc, crc50 } from './crc.js';
