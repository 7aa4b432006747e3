/** @module Micro-benchmark of the waiting room (`node --import tsx src/admission/bench.ts`). */
// The fast path (nobody waiting: one clock read, token and wait checks, a shared frozen answer) against the
// queued path (keyed tag, index, signed pass). Best of 5 runs of ~200 ms, so a busy shared machine lowers it less.
import { PassCodec } from './pass.js';
import { WaitingRoom } from './waiting-room.js';
import { rate } from '../test-support/rate.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
const KEYS = Array.from({ length: 4096 }, (_, i) => `meter:${14_000_000_000 + i * 7919}`);

const room = (now: () => number, admitRate: number | null) => new WaitingRoom({ secret: SECRET, now, random: Math.random, admitRate });
let fake = 0;
const fakeClock = () => (fake += 0.001); // 1 µs per call: the module's own cost, without the clock's
const rows: [string, number][] = [];

const a = room(fakeClock, null);
rows.push(['arrive, nobody waiting, no ceiling (fake clock)', rate((i) => a.arrive(KEYS[i & 4095], null), 50_000)]);
const b = room(Date.now, null);
rows.push(['arrive, nobody waiting, no ceiling (Date.now)', rate((i) => b.arrive(KEYS[i & 4095], null), 50_000)]);
const c = room(() => performance.now(), 1e12);
rows.push(['arrive, nobody waiting, with a ceiling (performance.now)', rate((i) => c.arrive(KEYS[i & 4095], null), 50_000)]);
const d = room(() => performance.now(), null);
rows.push(['arrive + started + finished: a served claim (performance.now)', rate((i) => (d.arrive(KEYS[i & 4095], null), d.started(), d.finished()), 50_000)]);
let q = 0;
const e = room(() => q, 1e-3); // a line that never moves: every arrival is queued
rows.push(['arrive, queued newcomer (tag, index, signed pass)', rate((i) => e.arrive(`meter:${i}`, null), 50_000)]);
const passes = KEYS.map((k) => e.arrive(k, null)).map((x) => (x.kind === 'queued' ? x.pass : ''));
rows.push(['arrive, queued, coming back with the pass', rate((i) => e.arrive(KEYS[i & 4095], passes[i & 4095]), 50_000)]);
rows.push(['arrive, queued, coming back without the pass (USSD)', rate((i) => e.arrive(KEYS[i & 4095], null), 50_000)]);
const codec = new PassCodec(SECRET);
const tag = codec.keyTag(KEYS[0]);
const p = codec.issue({ pre: false, epoch: 1, ticket: 42, iat: 0, exp: 4e9 }, tag);
rows.push(['pass verify (tag computed)', rate(() => codec.verify(p, tag, 0), 50_000)]);
rows.push(['key tag (SipHash-2-4)', rate((i) => codec.keyTag(KEYS[i & 4095]), 50_000)]);
q = 0;

const width = Math.max(...rows.map(([n]) => n.length));
console.log(`Waiting room, Node ${process.version}, best of 5 x 200 ms`);
console.log(`${'operation'.padEnd(width)}  per second   ns each`);
for (const [name, r] of rows) console.log(`${name.padEnd(width)}  ${Math.round(r).toLocaleString('en-US').padStart(11)}  ${(1e9 / r).toFixed(0).padStart(8)}`);
