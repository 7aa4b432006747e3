/** @module A `guichet` stand-in for the console's commands until they are in the CLI's table: the same last-resort handling as main.ts. */
import { auditCommand } from '../commands/audit.js';
import { usersCommand } from '../commands/users.js';

const [name, ...rest] = process.argv.slice(2);
const run = name === 'users' ? usersCommand : name === 'audit' ? auditCommand : null;
if (!run) {
  console.error(`console commands: users or audit, not "${name}"`);
  process.exitCode = 2;
} else {
  run(rest).then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    console.error(`guichet: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.GUICHET_DEBUG) console.error(e);
    process.exitCode = 1;
  });
}
