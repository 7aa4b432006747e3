/** @module Typed errors of the registry import: a stable code for scripts, a plain message for people. */

export type RegistryFileErrorCode =
  /** The path does not exist. */
  | 'file_missing'
  /** The path exists but is not a regular file (a directory, a device). */
  | 'not_a_file'
  /** The file cannot be opened or read (permissions, I/O). */
  | 'unreadable'
  /** The bytes are not CSV text: binary content, not UTF-8, empty. */
  | 'not_csv'
  /** The header row lacks a registry column, or repeats one. */
  | 'bad_header'
  /** The CSV structure breaks mid-file (a quote never closed, a row past the size limit): rows from there on are unread. */
  | 'malformed_csv';

/** A file broken midway: the line and the problem, and the rows before it (data rows read, and what became of them). */
export interface BreakPartial {
  line: number;
  problem: string;
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** The registry file could not be read (entirely, or past some line). */
export class RegistryFileError extends Error {
  override readonly name = 'RegistryFileError';
  constructor(
    readonly code: RegistryFileErrorCode,
    message: string,
    /** For `malformed_csv`: where the file breaks, why, and what was imported before the break. */
    readonly partial?: BreakPartial,
  ) {
    super(message);
  }
}
