/**
 * @module GET/POST /demo/ussd (demo mode only): a basic phone in the browser. Each press is a form POST; the server
 * drives the real callback route (`POST /ussd/africastalking`, through the app itself) as a gateway would, keeping
 * the session id and the inputs in hidden fields, so the emulator holds no state either.
 */
import { randomBytes } from 'node:crypto';
import { parse as parseQuery, stringify } from 'node:querystring';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { USSD_DOCS } from './docs.js';
import { EMULATOR_HEADERS, emulatorPage, type PhoneState } from './emulator-page.js';

export interface EmulatorDeps {
  demo: boolean;
  /** The callback route the emulator plays the gateway for. */
  callback: string;
}

const DEFAULT_DIAL = '*855#';
/** A demo caller: an Airtel-style mobile, so the claim records a phone as a real one would. */
const DEFAULT_PHONE = '+24177000001';
const KEY = /^[0-9*#]$/;
const FORM_LIMIT = 8 * 1024;

type Fields = Record<string, unknown>;
const str = (v: unknown, max: number): string => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x.slice(0, max) : '';
};

function send(reply: FastifyReply, s: PhoneState): FastifyReply {
  return reply.code(200).headers(EMULATOR_HEADERS).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(emulatorPage(s));
}

export function registerEmulator(app: FastifyInstance, deps: EmulatorDeps): void {
  /** One step, as the gateway sends it; the screen comes back without its prefix, `ended` when it was not a `CON`. */
  const drive = async (s: PhoneState): Promise<PhoneState> => {
    const payload = stringify({ sessionId: s.session, serviceCode: s.dial, phoneNumber: s.phone, networkCode: '62120', text: s.text });
    const r = await app.inject({ method: 'POST', url: deps.callback, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const body = r.body;
    if (r.statusCode === 200 && body.startsWith('CON ')) return { ...s, mode: 'open', screen: body.slice(4) };
    return { ...s, mode: 'ended', screen: body.startsWith('END ') ? body.slice(4) : body, reply: '' };
  };

  app.register(async (emu) => {
    emu.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT },
      (_req, body, done) => done(null, parseQuery(body as string)));

    emu.get('/demo/ussd', { config: { doc: USSD_DOCS.emulator } }, async (req, reply) => {
      if (!deps.demo) return reply.callNotFound();
      const q = (req.query ?? {}) as Fields;
      return send(reply, { lang: str(q.lang, 2) === 'en' ? 'en' : 'fr', mode: 'idle', screen: '', dial: DEFAULT_DIAL, phone: DEFAULT_PHONE, session: '', text: '', n: 0, reply: '' });
    });

    emu.post('/demo/ussd', { config: { doc: USSD_DOCS.emulatorPost, consumes: 'application/x-www-form-urlencoded' } }, async (req, reply) => {
      if (!deps.demo) return reply.callNotFound();
      const f = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Fields;
      const n = Number(str(f.n, 3));
      const s: PhoneState = {
        lang: str(f.lang, 2) === 'en' ? 'en' : 'fr', mode: 'open', screen: '',
        dial: str(f.dial, 32) || DEFAULT_DIAL, phone: str(f.phone, 32) || DEFAULT_PHONE,
        session: str(f.session, 64), text: str(f.text, 1024), n: Number.isInteger(n) && n >= 0 ? n : 0, reply: str(f.reply, 64),
      };
      const action = str(f.action, 8);
      const key = str(f.key, 1);
      if (action === 'hangup' || (action !== 'dial' && s.session === '')) return send(reply, { ...s, mode: 'idle', session: '', text: '', n: 0, reply: '' });
      if (action === 'dial') return send(reply, await drive({ ...s, session: `demo-${randomBytes(6).toString('hex')}`, text: '', n: 0, reply: '' }));
      // A keypad key only adds to the reply being typed: the screen is asked again for the same inputs (a walk issues nothing).
      if (KEY.test(key)) return send(reply, await drive({ ...s, reply: s.reply + key }));
      const text = s.n === 0 ? s.reply : `${s.text}*${s.reply}`;
      return send(reply, await drive({ ...s, text, n: s.n + 1, reply: '' }));
    });
  });
}
