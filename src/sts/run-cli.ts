/** @module Runs `stsCommand` as a process (for the CLI tests, until `guichet sts` is wired in src/cli/main.ts). */
import { stsCommand } from './cli.js';

process.exitCode = await stsCommand(process.argv.slice(2));
