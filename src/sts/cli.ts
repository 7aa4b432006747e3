/** @module `guichet sts token|decode|decoder-key`: one token by hand, with the inputs docs/registry-format.md describes. */
// No side effects on import: `stsCommand` returns the exit code, writes through `io`, and turns every refusal into
// one line on stderr (exit 2), never a stack trace.
import { parseArgs } from 'node:util';
import { parseUnits } from './amount.js';
import { UsageError, meterInput, need, parseIsoDate, parseRnd, vendingKey, type Values } from './cli-options.js';
import { decodeToken } from './decode.js';
import { isStsError } from './errors.js';
import { deriveMeterKey } from './meter-key.js';
import { dateOfTid, iso, tidAt } from './tid.js';
import { mintWithMeterKey, type Service } from './token.js';

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: NodeJS.ProcessEnv;
}

const processIo: CliIo = {
  stdout: (l) => void process.stdout.write(l + '\n'),
  stderr: (l) => void process.stderr.write(l + '\n'),
  env: process.env,
};

const KEY_OPTIONS = '--pan P --vending-key HEX --sgc S --ti T --krn K --kt 2 [--base-date 1993-01-01|2014-01-01] [--ea EA07|EA09] [--dkga DKGA02]';
const HELP = `Usage:
  guichet sts token ${KEY_OPTIONS}
                    --service electricity|water --units U --at ISO8601 --rnd R
      Mint a class-0 credit token (IEC 62055-41); its 20 digits are the last line printed.
  guichet sts decode --token T ${KEY_OPTIONS}
      Decode a token with the meter's key; prints {"class","subclass","service","rnd","tid","issued_at","units","crc_ok"}.
  guichet sts decoder-key ${KEY_OPTIONS}
      Print the meter's DKGA02 decoder key (16 hex digits), last line.

  --pan      the meter's 18-digit PAN: IIN (600727, or 0000) + meter number + Luhn check digit
  --units    credit in kWh or m3, at most one decimal (0.7, 1638.4); amounts a token cannot carry exactly are refused
  --at       issue time, ISO 8601 (without a zone: UTC); the TID is the minute since the base date
  --rnd      the token's 4-bit random field, 0 to 15
  The vending key may instead come from GUICHET_STS_VENDING_KEY or GUICHET_STS_VENDING_KEY_FILE (kept out of ps).
Exit codes: 0 done, 2 refused input (one line on stderr saying why).`;

const KEY_ARGS = {
  pan: { type: 'string' }, 'vending-key': { type: 'string' }, sgc: { type: 'string' }, ti: { type: 'string' },
  krn: { type: 'string' }, kt: { type: 'string' }, 'base-date': { type: 'string' }, ea: { type: 'string' },
  dkga: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;
const TOKEN_ARGS = { ...KEY_ARGS, service: { type: 'string' }, units: { type: 'string' }, at: { type: 'string' }, rnd: { type: 'string' } } as const;
const DECODE_ARGS = { ...KEY_ARGS, token: { type: 'string' } } as const;

export async function stsCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      io[sub === undefined ? 'stderr' : 'stdout'](HELP);
      return sub === undefined ? 2 : 0;
    }
    const parsed = (options: typeof TOKEN_ARGS | typeof DECODE_ARGS | typeof KEY_ARGS): Values | null => {
      const { values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      if (values.help) {
        io.stdout(HELP);
        return null;
      }
      return values as Values;
    };
    if (sub === 'token') {
      const v = parsed(TOKEN_ARGS);
      return v ? token(v, io) : 0;
    }
    if (sub === 'decode') {
      const v = parsed(DECODE_ARGS);
      return v ? decode(v, io) : 0;
    }
    if (sub === 'decoder-key') {
      const v = parsed(KEY_ARGS);
      return v ? decoderKey(v, io) : 0;
    }
    throw new UsageError(`unknown sub-command "${sub}" (token, decode or decoder-key; see guichet sts --help)`);
  } catch (e) {
    if (isStsError(e) || e instanceof UsageError || isParseArgsError(e)) {
      // parseArgs appends advice about '--' that does not help here: keep its first sentence.
      const message = isParseArgsError(e) ? (e as Error).message.split('. ')[0] : (e as Error).message;
      io.stderr(`guichet sts: ${message}`);
      return 2;
    }
    io.stderr(`guichet sts: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function token(v: Values, io: CliIo): number {
  const input = meterInput(v, io.env);
  const service = need(v, 'service');
  if (service !== 'electricity' && service !== 'water') throw new UsageError(`--service must be electricity or water (got "${service}")`);
  const tenths = parseUnits(need(v, 'units'));
  const at = parseIsoDate(need(v, 'at'));
  const rnd = parseRnd(need(v, 'rnd'));
  const mk = deriveMeterKey(input);
  const tid = tidAt(at, mk.baseDate);
  const t = mintWithMeterKey(mk, { service: service as Service, tenths, tid, rnd });
  const unit = service === 'electricity' ? 'kWh' : 'm3';
  io.stdout(`${service} ${tenths / 10} ${unit}, TID ${tid} (${iso(dateOfTid(tid, mk.baseDate).getTime())}, base ${mk.baseDate}), ${mk.ea}/DKGA02, PAN ${mk.pan}: ${t.replace(/(\d{4})(?=\d)/g, '$1 ')}`);
  io.stdout(t);
  return 0;
}

function decode(v: Values, io: CliIo): number {
  const tokenText = need(v, 'token').replace(/[\s-]/g, '');
  const d = decodeToken(tokenText, deriveMeterKey(meterInput(v, io.env)));
  io.stdout(JSON.stringify({
    class: d.class, subclass: d.subclass, service: d.service, rnd: d.rnd, tid: d.tid,
    issued_at: iso(d.issuedAt.getTime()), units: d.units, crc_ok: d.crcOk,
  }));
  if (!d.crcOk) io.stderr('guichet sts: warning: CRC check failed: this token was altered or made for another key, its fields are noise');
  return 0;
}

function decoderKey(v: Values, io: CliIo): number {
  vendingKey(v, io.env); // the clearer message first when the key is missing
  const mk = deriveMeterKey(meterInput(v, io.env));
  const hex = mk.decoderKeyHex();
  io.stdout(`DKGA02 decoder key for PAN ${mk.pan} (byte-reversed, as some test suites print it: ${Buffer.from(hex, 'hex').reverse().toString('hex')})`);
  io.stdout(hex);
  return 0;
}

const isParseArgsError = (e: unknown): boolean => {
  const c = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof c === 'string' && c.startsWith('ERR_PARSE_ARGS');
};
