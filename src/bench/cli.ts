/** @module `guichet bench`: reproduces the surge measurement (issue 4) in one run: registry, baseline, real node, same load generator. */
import { writeFileSync } from 'node:fs';
import { chartFor } from './chart.js';
import { connectionsScenario, type ConnectionsReport } from './connections.js';
import { countryScenario, type CountryReport } from './country.js';
import { HELP, USAGE, parseBenchArgs, type BenchOptions, type Scenario } from './options.js';
import { connectionsTable, countryTable, throughputTable } from './report.js';
import { throughputScenario, type ThroughputReport } from './throughput.js';

/** Scenarios that wait on the waiting room (src/admission/, `serve --admit-rate`): the hook is here, the body is not yet. */
const NOT_YET: Partial<Record<Scenario, string>> = {
  crowd: '2,000 arrivals in one second with --admit-rate 200, each coming back when told',
};

export async function benchCommand(argv: string[]): Promise<number> {
  const { options, problems } = parseBenchArgs(argv);
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  if (problems.length) {
    console.error(`guichet bench: ${problems.join('\n  ')}\nusage: guichet ${USAGE}`);
    return 2;
  }
  const pending = NOT_YET[options.scenario];
  if (pending) {
    console.error(`guichet bench: scenario "${options.scenario}" (${pending}) is not implemented yet: it needs the waiting ` +
      'room (src/admission/, guichet serve --admit-rate), which is being written. Available now: throughput, country, connections.');
    return 3;
  }
  try {
    const report = await SCENARIO_RUNS[options.scenario]!(options);
    if (options.chart) {
      writeFileSync(options.chart, chartFor(report, /\.html?$/i.test(options.chart)));
      process.stderr.write(`[bench] chart written to ${options.chart}\n`);
    }
    console.log(options.json ? JSON.stringify(report, null, 2) : table(report));
    return exitCode(report);
  } catch (e) {
    console.error(`guichet bench: ${(e as Error).message}`);
    if (process.env.GUICHET_DEBUG) console.error(e);
    return 1;
  }
}

type Report = ThroughputReport | CountryReport | ConnectionsReport;

const SCENARIO_RUNS: Partial<Record<Scenario, (o: BenchOptions) => Promise<Report>>> = {
  throughput: throughputScenario,
  country: countryScenario,
  connections: connectionsScenario,
};

function table(r: Report): string {
  if (r.scenario === 'country') return countryTable(r);
  if (r.scenario === 'connections') return connectionsTable(r);
  return throughputTable(r);
}

/** Non-zero only when the run proves something wrong (a lost or doubled credit, a refused connection), never for a slow figure. */
function exitCode(r: Report): number {
  if (r.scenario === 'country') return r.exactly_once ? 0 : 1;
  if (r.scenario === 'connections') return r.ok ? 0 : 1;
  const s = r.store;
  return !s.journalOk || s.credits !== s.distinctSubscribers || s.unexpected > 0 ? 1 : 0;
}
