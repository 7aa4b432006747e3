/** @module `guichet sts`: the published vectors through the command line, and clean refusals (in process and as a real process). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stsCommand, type CliIo } from './cli.js';
import { vectors } from './test-support/vectors.js';

const VK = 'abababababababab';
const keyArgs = (v: { pan: string; vending_key: string; sgc: string; ti: string; krn: string; kt: string }) =>
  ['--pan', v.pan, '--vending-key', v.vending_key, '--sgc', v.sgc, '--ti', v.ti, '--krn', v.krn, '--kt', v.kt];
const tokenArgs = (v: (typeof vectors.tokens)[number]) => [
  'token', ...keyArgs(v), '--service', v.service, '--units', v.units, '--at', v.issued_at, '--rnd', String(v.rnd),
  '--base-date', v.base_date, '--ea', v.ea, '--dkga', v.dkga,
];
const expectedJson = (v: (typeof vectors.tokens)[number]) => JSON.stringify({
  class: 0, subclass: v.service === 'water' ? 1 : 0, service: v.service, rnd: v.rnd,
  tid: (Date.parse(v.issued_at) - Date.UTC(1993, 0, 1)) / 60_000, issued_at: v.issued_at, units: Number(v.units), crc_ok: true,
});

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (l) => out.push(...l.split('\n')), stderr: (l) => err.push(...l.split('\n')), env };
  return { code: await stsCommand(argv, io), out, err };
}

const runCli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
function spawn(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', runCli, 'sts', ...argv], { env: { PATH: process.env.PATH, ...env } }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

test('token: every published token is the last line printed', async () => {
  for (const v of vectors.tokens) {
    const r = await run(tokenArgs(v));
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal(r.out.at(-1), v.token, v.step);
  }
});

test('decode: every published token decodes to exactly the contract JSON', async () => {
  for (const v of vectors.tokens) {
    const r = await run(['decode', '--token', v.token, ...keyArgs(v), '--base-date', v.base_date]);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(r.out, [expectedJson(v)], v.step);
  }
});

test('decoder-key: the DKGA02 vector (and its byte-reversed print)', async () => {
  const v = vectors.decoder_keys[0];
  const r = await run(['decoder-key', ...keyArgs(v)]);
  assert.equal(r.code, 0);
  assert.equal(r.out.at(-1), 'e653341f9d5bf36f');
  assert.match(r.out[0], new RegExp(v.decoder_key));
});

test('decode of a token for another key: crc_ok false and a warning, still the JSON shape', async () => {
  const v = vectors.tokens[0];
  const r = await run(['decode', '--token', v.token, ...keyArgs({ ...v, sgc: '654321' })]);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.out[0]).crc_ok, false);
  assert.deepEqual(Object.keys(JSON.parse(r.out[0])), ['class', 'subclass', 'service', 'rnd', 'tid', 'issued_at', 'units', 'crc_ok']);
  assert.match(r.err[0], /CRC check failed/);
});

test('the vending key can come from the environment instead of the command line', async () => {
  const v = vectors.tokens[0];
  const args = tokenArgs(v);
  args.splice(args.indexOf('--vending-key'), 2);
  assert.equal((await run(args, { GUICHET_STS_VENDING_KEY: VK })).out.at(-1), v.token);
  assert.match((await run(args)).err[0], /missing --vending-key/);
});

const base = tokenArgs(vectors.tokens[0]);
const withArg = (name: string, value: string) => base.map((a, i) => (base[i - 1] === name ? value : a));
const refusals: [string, string[], RegExp][] = [
  ['bad PAN check digit', withArg('--pan', '600727000000000008'), /check digit is 8, expected 9/],
  ['malformed vending key', withArg('--vending-key', 'abababababababzz'), /vending key must be 16 hexadecimal digits/],
  ['malformed key data', withArg('--sgc', '12345'), /supply group code must be 6 digits/],
  ['unencodable amount', withArg('--units', '1638.5'), /cannot carry exactly 1638\.5 units: the nearest are 1638\.4 and 1639\.4/],
  ['amount finer than 0.1', withArg('--units', '0.15'), /finer than 0\.1/],
  ['date before the base date', withArg('--at', '1992-12-31T23:59:00Z'), /before the meter's base date 1993-01-01/],
  ['date past the 24-bit TID', withArg('--at', '2026-11-26T08:00:00Z'), /past the last minute a 24-bit TID counts/],
  ['not a date', withArg('--at', '2004-02-30T10:00:00Z'), /not a real date/],
  ['rnd out of range', withArg('--rnd', '16'), /--rnd must be a whole number from 0 to 15/],
  ['unknown option', [...base, '--colour', 'red'], /Unknown option '--colour'/],
  ['missing option', base.filter((a, i) => a !== '--rnd' && base[i - 1] !== '--rnd'), /missing --rnd/],
  ['unknown sub-command', ['mint'], /unknown sub-command "mint"/],
  ['bad token', ['decode', '--token', '1234', ...keyArgs(vectors.tokens[0])], /a token is 20 digits/],
];

test('refusals: exit 2, one line on stderr saying why, nothing on stdout, never the vending key', async () => {
  for (const [what, argv, why] of refusals) {
    const r = await run(argv);
    assert.equal(r.code, 2, what);
    assert.equal(r.err.length, 1, `${what}: ${r.err.join(' | ')}`);
    assert.match(r.err[0], why, what);
    assert.ok(!r.err[0].includes(VK), what);
    assert.deepEqual(r.out, [], what);
  }
});

test('as a real process: the vectors come out, refusals exit non-zero with one line and no stack trace', async () => {
  const okRuns = vectors.tokens.map((v) => spawn(tokenArgs(v)));
  const decodeRun = spawn(['decode', '--token', vectors.tokens[2].token, ...keyArgs(vectors.tokens[2])]);
  // The four the issue names: bad PAN check digit, malformed key, unencodable amount, date before the base date.
  const named = [0, 1, 3, 5];
  const badRuns = named.map((i) => spawn(refusals[i][1]));
  const oks = await Promise.all(okRuns);
  oks.forEach((r, i) => {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').at(-1), vectors.tokens[i].token);
  });
  const d = await decodeRun;
  assert.equal(d.code, 0, d.stderr);
  assert.equal(d.stdout, expectedJson(vectors.tokens[2]) + '\n');
  const bads = await Promise.all(badRuns);
  bads.forEach((r, k) => {
    const [what, , why] = refusals[named[k]];
    assert.notEqual(r.code, 0, what);
    assert.equal(r.stdout, '', what);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
    assert.match(lines[0], why, what);
    assert.doesNotMatch(r.stderr, /\n\s+at /, what);
  });
  const help = await spawn(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /guichet sts token/);
});
