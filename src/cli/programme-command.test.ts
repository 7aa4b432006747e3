/** @module Tests: `guichet programme load|show|validate` as a real process on a temporary data dir. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import builtin from '../programmes/gratuite-2020.json' with { type: 'json' };
import { parseProgramme } from '../programmes/schema.js';

const RUN = fileURLToPath(new URL('./main.ts', import.meta.url));
const BUILTIN = fileURLToPath(new URL('../programmes/gratuite-2020.json', import.meta.url));

interface Run { code: number; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { GUICHET_DATA_DIR: _ignored, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', RUN, 'programme', ...args], { env: { ...base, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

function noStack(r: Run): void {
  assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

describe('guichet programme (spawned)', () => {
  let dir: string;
  let dataDir: string;
  const file = (name: string, body: unknown) => {
    const f = join(dir, name);
    writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
    return f;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-programme-cli-'));
    dataDir = join(dir, 'data');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('validate accepts the built-in file', async () => {
    const r = await cli(['validate', BUILTIN]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /valid programme gratuite-2020 \(phase-1 open, phase-2 scheduled\)/);
  });

  it('a malformed file is refused by validate and load with every problem listed, exit 2, store untouched', async () => {
    const bad = structuredClone(builtin) as any;
    bad.cycles[0].state = 'ouvert';
    bad.cycles[1].benefits[0].rule.all[2].field = 'puissance';
    bad.cycles[1].benefits[1].amount_fcfa = 15000.5;
    const f = file('bad.json', bad);
    // Independent processes: run them side by side, each tsx start-up costs about a second.
    for (const r of await Promise.all([cli(['validate', f]), cli(['load', f, '--data-dir', dataDir])])) {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /refused, 3 problems:/);
      assert.match(r.stderr, /- \$\.cycles\[0\]\.state: must be one of scheduled, open, closed \(got "ouvert"\)/);
      assert.match(r.stderr, /- \$\.cycles\[1\]\.benefits\[0\]\.rule\.all\[2\]\.field: unknown field "puissance"/);
      assert.match(r.stderr, /- \$\.cycles\[1\]\.benefits\[1\]\.amount_fcfa: must be a positive whole number/);
      noStack(r);
    }
    assert.equal(existsSync(join(dataDir, 'guichet.db')), false, 'a refused load creates no store');
  });

  it('a file that is not JSON, or is missing, is refused plainly', async () => {
    const [r, m] = await Promise.all([cli(['validate', file('broken.json', '{"id": "x",')]), cli(['load', join(dir, 'nope.json'), '--data-dir', dataDir])]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not valid JSON/);
    noStack(r);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /cannot read .*nope\.json \(ENOENT\)/);
    noStack(m);
  });

  it('show on a data dir with no store is an error, and creates none; --builtin shows the built-in programme', async () => {
    const [r, b] = await Promise.all([cli(['show', '--data-dir', dataDir]), cli(['show', '--builtin'])]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /^guichet programme: no store at .*guichet\.db: check --data-dir .*programme show --builtin/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(existsSync(join(dataDir, 'guichet.db')), false);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /^Programme gratuite-2020 .*\[in force\]\n {2}built-in programme/);
  });

  it('load then show round-trips, in text and JSON', async () => {
    const l = await cli(['load', BUILTIN, '--data-dir', dataDir]);
    assert.equal(l.code, 0, l.stderr);
    assert.match(l.stdout, /loaded programme gratuite-2020 .* into .*guichet\.db/);
    assert.match(l.stdout, /new programme/);
    const [s, j] = await Promise.all([cli(['show', '--data-dir', dataDir]), cli(['show', '--json'], { GUICHET_DATA_DIR: dataDir })]);
    assert.equal(s.code, 0, s.stderr);
    const text = s.stdout.replace(/[\u00A0\u202F]/g, ' ');
    // The operators' command line speaks English; the programme's own words (name, labels) are shown as written.
    for (const want of [
      /Programme gratuite-2020 — Gratuité de l’électricité et de l’eau — 2020 {3}\[in force\]/, /loaded at \d{4}-\d\d-\d\dT/,
      /electricity: +social 48 FCFA\/kWh, general 109\.5 FCFA\/kWh/, /water: +social 280 FCFA\/m³/,
      /Cycle phase-1 — Phase 1 — avril 2020 \/ Phase 1 — April 2020: open \(the default cycle of claims\)/,
      /Cycle phase-2 — Phase 2 — mai 2020 \/ Phase 2 — May 2020: scheduled, not open yet/,
      /budget: 7,400,000,000 FCFA/, /electricity: 20,000 FCFA \(416\.6 kWh on the social tariff, 182\.6 kWh on the general tariff\)/,
      /retained if: category = particulier and \(\(tariff = social and power_kw in \{1, 2\} kW\) or/,
      /retained if: category = particulier and avg_monthly_use ≤ 15 m³/,
    ]) assert.match(text, want);
    const ours = text.split('\n').filter((l) => !l.startsWith('  Programme de démonstration')).join('\n').replace(/Gratuité[^\n]*|Phase \d — [a-zé]+ 2020/g, '');
    for (const french of [/ : /, /\b(retenus|chargé|ouvert|programmé|tarif|intégré)\b/]) assert.doesNotMatch(ours, french, 'no French left in what the command itself says');
    assert.equal(j.code, 0, j.stderr);
    const [entry] = JSON.parse(j.stdout);
    assert.equal(entry.source, 'store');
    const parsed = parseProgramme(builtin);
    assert.ok(parsed.ok);
    assert.deepEqual(entry.programme, parsed.programme);
  });

  it('show --json is taken back by validate and load (round trip), whole or one programme', async () => {
    const [all, one] = await Promise.all([cli(['show', '--json', '--data-dir', dataDir]), cli(['show', 'gratuite-2020', '--json', '--data-dir', dataDir])]);
    assert.equal(all.code, 0, all.stderr);
    const shown = file('shown.json', all.stdout);
    const single = file('single.json', JSON.stringify(JSON.parse(one.stdout)[0]));
    const [v, v1, l] = await Promise.all([cli(['validate', shown]), cli(['validate', single]), cli(['load', shown, '--data-dir', dataDir])]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /shown\.json: valid programme gratuite-2020 \(phase-1 open, phase-2 scheduled\)/);
    assert.equal(v1.code, 0, v1.stderr);
    assert.equal(l.code, 0, l.stderr);
    assert.match(l.stdout, /same cycles, states, amounts and budgets as before/);
    const broken = JSON.parse(all.stdout);
    broken[0].programme.cycles[0].state = 'ouvert';
    const bad = await cli(['validate', file('broken-shown.json', broken)]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /refused, 1 problem:\n {2}- \$\[0\]\.programme\.cycles\[0\]\.state: must be one of/);
  });

  it('reloading with a cycle opened says what changed, and show reflects it', async () => {
    const next = structuredClone(builtin) as any;
    next.cycles[0].state = 'closed';
    next.cycles[1].state = 'open';
    const r = await cli(['load', file('phase2.json', next), '--data-dir', dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /phase-1: open -> closed/);
    assert.match(r.stdout, /phase-2: scheduled -> open/);
    const [j, missing] = await Promise.all([cli(['show', 'gratuite-2020', '--json', '--data-dir', dataDir]), cli(['show', 'nope', '--data-dir', dataDir])]);
    assert.deepEqual(JSON.parse(j.stdout)[0].programme.cycles.map((c: { state: string }) => c.state), ['closed', 'open']);
    assert.equal(missing.code, 2);
  });

  it('usage errors exit 2 with the usage', async () => {
    const cases = [['frobnicate'], ['load'], ['show', '--bogus']];
    const [h, ...runs] = await Promise.all([cli(['--help']), ...cases.map((a) => cli(a))]);
    runs.forEach((r, i) => {
      assert.equal(r.code, 2, cases[i].join(' '));
      assert.match(r.stderr, /usage: guichet programme load FILE/);
      noStack(r);
    });
    assert.equal(h.code, 0);
    assert.match(h.stdout, /validate {2}check FILE only/);
  });
});
