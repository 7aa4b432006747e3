/** @module `guichet smsc-sim` as its own process for the CLI test, until the command is wired into src/cli/main.ts. */
import { runSmscSim } from '../smpp/simulator/cli.js';

process.exitCode = await runSmscSim(process.argv.slice(2));
