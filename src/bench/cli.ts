/** @module `guichet bench`: reproduces the surge measurement (issue 4) in one run: registry, baseline, real node, same load generator. */
import { writeFileSync } from 'node:fs';
import { chartFor } from './chart.js';
import { countryScenario } from './country.js';
import { HELP, USAGE, parseBenchArgs, type BenchOptions, type Scenario } from './options.js';
import { countryTable, throughputTable } from './report.js';
import { throughputScenario } from './throughput.js';

/** Scenarios that wait on the waiting room (src/admission/, `serve --admit-rate`): the hook is here, the body is not yet. */
const NOT_YET: Partial<Record<Scenario, string>> = {
  crowd: '2,000 arrivals in one second with --admit-rate 200, each coming back when told',
  connections: '16,000 simultaneous keep-alive connections for 15 s with --admit-rate 3000',
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
      'room (src/admission/, guichet serve --admit-rate), which is being written. Available now: throughput, country.');
    return 3;
  }
  try {
    const report = options.scenario === 'country' ? await countryScenario(options) : await throughputScenario(options);
    if (options.chart) {
      writeFileSync(options.chart, chartFor(report, /\.html?$/i.test(options.chart)));
      process.stderr.write(`[bench] chart written to ${options.chart}\n`);
    }
    console.log(options.json ? JSON.stringify(report, null, 2) : report.scenario === 'country' ? countryTable(report) : throughputTable(report));
    return exitCode(options, report);
  } catch (e) {
    console.error(`guichet bench: ${(e as Error).message}`);
    if (process.env.GUICHET_DEBUG) console.error(e);
    return 1;
  }
}

/** Non-zero only when the run proves something wrong (a lost or doubled credit), never for a slow figure. */
function exitCode(_o: BenchOptions, r: Awaited<ReturnType<typeof throughputScenario | typeof countryScenario>>): number {
  const s = r.store;
  const broken = !s.journalOk || s.credits !== s.distinctSubscribers || s.unexpected > 0;
  if (r.scenario === 'country' && !r.exactly_once) return 1;
  return broken ? 1 : 0;
}
