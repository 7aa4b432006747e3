/** @module Micro-benchmark of eligibility decisions (`npm run bench:rules`): a compiled programme deciding from memory. */
// Was a timed unit test (a floor of 100,000 decisions/s) until a loaded CI machine measured 95,773: speed is
// measured here and in `guichet bench`, not asserted in the suite.
import { builtinProgramme } from './index.js';
import { compileProgramme } from './decide.js';
import { sub, water } from './test-support/fixtures.js';
import { rate } from '../test-support/rate.js';

const p = builtinProgramme();
p.cycles[1].state = 'open'; // phase-2 open too, so both cycles' rules run
const c = compileProgramme(p);
const people = [sub(), sub({ power_kw: 3 }), sub({ tariff: 'general', power_kw: 6 }), sub({ category: 'professionnel' }), water(), water({ avg_monthly_use: 22 })];
const perSecond = rate((i) => c.decide(i & 1 ? 'phase-1' : 'phase-2', people[i % 6]));
console.log(`Eligibility decisions, Node ${process.version}, best of 5 x 200 ms: ${Math.round(perSecond).toLocaleString('en-US')} a second (${(1e9 / perSecond).toFixed(0)} ns each)`);
