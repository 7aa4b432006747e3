/** @module Entry point for `node --import tsx src/programmes/run-cli.ts ...`: the programme command as a real process (tests spawn it). */
import { programmeCommand } from './cli.js';

process.exitCode = await programmeCommand(process.argv.slice(2));
