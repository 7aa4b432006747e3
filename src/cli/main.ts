/** @module The `guichet` command: one binary, roles by sub-command; each module is loaded only when used. */

interface Command {
  usage: string;
  summary: string;
  run: (argv: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'serve [--port N] [--data-dir DIR | --database-url URL] [--no-demo] [--admit-rate N]',
    summary: 'run the platform (web page, claim API, metrics)',
    run: async (a) => (await import('./serve-command.js')).serveCommand(a),
  },
  import: {
    usage: 'import FILE [--data-dir DIR | --database-url URL]',
    summary: 'add or update subscribers from a registry CSV',
    run: async (a) => (await import('./import-command.js')).importCommand(a),
  },
  'demo-data': {
    usage: 'demo-data --electricity N --water M [--seed S] --out FILE',
    summary: 'write a realistic demo registry',
    run: async (a) => (await import('./import-command.js')).demoDataCommand(a),
  },
  programme: {
    usage: 'programme load FILE | show [--json] | validate FILE   [--data-dir DIR | --database-url URL]',
    summary: 'load, show or check a relief programme',
    run: async (a) => (await import('./programme-command.js')).programmeCommand(a),
  },
  journal: {
    usage: 'journal verify [--data-dir DIR | --database-url URL]',
    summary: 'check the issuance journal’s hash chain against the stored credits',
    run: async (a) => (await import('./journal-command.js')).journalCommand(a),
  },
  export: {
    usage: 'export credits --cycle C --out FILE [--all] [--data-dir DIR | --database-url URL]',
    summary: 'write the credits of a cycle as CSV for the billing system',
    run: async (a) => (await import('./credits-command.js')).exportCommand(a),
  },
  codes: {
    usage: 'codes import FILE [--data-dir DIR | --database-url URL]',
    summary: 'load prepaid codes generated in advance by the utility’s vending system',
    run: async (a) => (await import('./credits-command.js')).codesCommand(a),
  },
  migrate: {
    usage: 'migrate [--database-url URL]',
    summary: 'bring the PostgreSQL schema up to date and print its version',
    run: async (a) => (await import('./migrate-command.js')).migrateCommand(a),
  },
  cluster: {
    usage: 'cluster --nodes N --database-url URL [--port P] [--admit-rate R] [--no-demo]',
    summary: 'N nodes on one PostgreSQL behind HAProxy on this machine (health checks on /healthz), until Ctrl-C',
    run: async (a) => (await import('./cluster-command.js')).clusterCommand(a),
  },
  store: {
    usage: 'store copy (--from-data-dir DIR | --from-database-url URL) (--to-database-url URL | --to-data-dir DIR) [--replace]',
    summary: 'copy a whole store, journal as stored, into another (SQLite to PostgreSQL, or back), then verify the copy',
    run: async (a) => (await import('./store-command.js')).storeCommand(a),
  },
  backup: {
    usage: 'backup [--data-dir DIR] --out FILE',
    summary: 'write a consistent, verified copy of the embedded store while a node runs (PostgreSQL: pg_dump)',
    run: async (a) => (await import('./backup-command.js')).backupCommand(a),
  },
  bench: {
    usage: 'bench [--scenario throughput|country|crowd|connections] [--electricity N --water M] [--json] [--chart FILE]',
    summary: 'measure claims/s against a bare node:http baseline, side by side in one run',
    run: async (a) => (await import('../bench/cli.js')).benchCommand(a),
  },
  users: {
    usage: 'users add --email E --role admin|supervisor|agent|auditor [--password-file F] | users list [--json] | users disable --email E | users reset-password --email E [--password-file F]',
    summary: 'console accounts: add one, list them, disable one, reset a password',
    run: async (a) => (await import('./users-command.js')).usersCommand(a),
  },
  audit: {
    usage: 'audit verify [--data-dir DIR | --database-url URL]',
    summary: 'check the console audit log’s hash chain, entry by entry, up to its stored head',
    run: async (a) => (await import('./audit-command.js')).auditCommand(a),
  },
  sms: {
    usage: 'sms status [--cycle C] [--data-dir DIR | --database-url URL]',
    summary: 'SMS by state (queued, sending, sent, delivered, failed) as JSON',
    run: async (a) => (await import('./sms-command.js')).smsCommand(a),
  },
  'smsc-sim': {
    usage: 'smsc-sim --port N [--rate R] [--throttle-every K] [--dlr-delay-ms D] [--fail PATTERN:KIND]',
    summary: 'an SMPP 3.4 SMSC simulator (throttling, failures by destination, delivery receipts, inbound messages)',
    run: async (a) => (await import('../sms/smpp/simulator/cli.js')).runSmscSim(a),
  },
  sts: {
    usage: 'sts token ... | sts decode ...   (guichet sts --help)',
    summary: 'mint or decode an STS (IEC 62055-41) 20-digit token',
    run: async (a) => (await import('../sts/cli.js')).stsCommand(a),
  },
};

function help(): string {
  const lines = ['Guichet: relief credits for utility subscribers, exactly once, provably.', '', 'Usage: guichet <command> [options]', ''];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', 'Each command takes --help. Guides in the repository: docs/registry-format.md (the registry CSV), docs/api.md (the HTTP API),',
    'docs/deployment.md (several nodes, backups, PostgreSQL).', 'Environment: PORT, GUICHET_DATA_DIR, DATABASE_URL, GUICHET_STS_VENDING_KEY or GUICHET_STS_VENDING_KEY_FILE, GUICHET_PREPAID_ISSUER (sts|pool), GUICHET_LOG_LEVEL.');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`guichet: unknown command "${name}". Run \`guichet --help\` for the list.`);
    return 2;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Last resort: one plain line, no stack trace (set GUICHET_DEBUG=1 to see it).
    console.error(`guichet: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.GUICHET_DEBUG) console.error(e);
    process.exitCode = 1;
  },
);
