#!/usr/bin/env node
// The `guichet` command: runs the compiled CLI (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('guichet: the program is not built yet. Run `npm install` (or `npm run build`) in the project folder.');
  process.exit(1);
}
await import(main);
