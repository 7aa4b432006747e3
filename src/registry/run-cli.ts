/** @module Runs `import` or `demo-data` as a process (tests spawn it with `node --import tsx`); `guichet` proper is src/cli/main.ts. */
import { demoDataCommand, importCommand } from './cli.js';

const [command, ...rest] = process.argv.slice(2);
process.exitCode = await (command === 'import' ? importCommand : demoDataCommand)(rest);
