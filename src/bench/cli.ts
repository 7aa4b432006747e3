/** @module `guichet bench`: reproduces the surge measurement (issue 4) in one run: registry, baseline, real node, same load generator. */
import { writeFileSync } from 'node:fs';
import { chartFor } from './chart.js';
import { connectionsScenario, type ConnectionsReport } from './connections.js';
import { countryScenario, type CountryReport } from './country.js';
import { crowdScenario, type CrowdReport } from './crowd.js';
import { floodScenario, type FloodReport } from './flood.js';
import { HELP, USAGE, parseBenchArgs, type BenchOptions, type Scenario } from './options.js';
import { connectionsTable, countryTable, crowdTable, floodTable, throughputTable } from './report.js';
import { throughputScenario, type ThroughputReport } from './throughput.js';
import { smsScenario, smsTable, type SmsReport } from './sms.js';

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
  try {
    if (options.nodes !== null) {
      // Its own report shape (a column per setup): no chart for it.
      const { nodesScenario } = await import('./nodes.js');
      const { nodesTable, nodesExitCode } = await import('./nodes-report.js');
      const r = await nodesScenario(options);
      console.log(options.json ? JSON.stringify(r, null, 2) : nodesTable(r));
      return nodesExitCode(r);
    }
    const report = await SCENARIO_RUNS[options.scenario](options);
    if (options.chart && report.scenario !== 'sms') {
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

type Report = ThroughputReport | CountryReport | ConnectionsReport | FloodReport | CrowdReport | SmsReport;

const SCENARIO_RUNS: Record<Scenario, (o: BenchOptions) => Promise<Report>> = {
  throughput: throughputScenario,
  country: countryScenario,
  connections: connectionsScenario,
  flood: floodScenario,
  crowd: crowdScenario,
  sms: smsScenario,
};

function table(r: Report): string {
  if (r.scenario === 'country') return countryTable(r);
  if (r.scenario === 'connections') return connectionsTable(r);
  if (r.scenario === 'flood') return floodTable(r);
  if (r.scenario === 'crowd') return crowdTable(r);
  if (r.scenario === 'sms') return smsTable(r);
  return throughputTable(r);
}

/** Non-zero only when the run proves something wrong (a lost or doubled credit, a refused connection), never for a slow figure. */
function exitCode(r: Report): number {
  if (r.scenario === 'country') return r.exactly_once ? 0 : 1;
  if (r.scenario === 'connections' || r.scenario === 'flood' || r.scenario === 'crowd' || r.scenario === 'sms') return r.ok ? 0 : 1;
  const s = r.store;
  return !s.journalOk || s.credits !== s.distinctSubscribers || s.unexpected > 0 ? 1 : 0;
}
