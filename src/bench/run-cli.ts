/** @module Runs `guichet bench` from the sources until the command table has it: node --import tsx src/bench/run-cli.ts ... */
import { benchCommand } from './cli.js';

process.exitCode = await benchCommand(process.argv.slice(2));
