/**
 * @module A USSD session replayer, for tests, demos and the benchmark: plays a list of inputs against a callback URL
 * as Africa's Talking would (same session id, `text` growing by `*`), over real sockets, and returns every screen.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface UssdScreen {
  /** `CON` (the session goes on), `END` (it is over), or null when the answer starts with neither. */
  kind: 'CON' | 'END' | null;
  /** The screen without its prefix. */
  text: string;
  /** The answer as sent. */
  body: string;
  status: number;
  contentType: string;
  /** The `text` field this screen answered. */
  sent: string;
  /** Milliseconds from sending the request to the last byte of the answer. */
  ms: number;
}

export interface ReplayOptions {
  sessionId?: string;
  serviceCode?: string;
  phoneNumber?: string;
  networkCode?: string;
  /** Gateways give up after about 10 s; so does the replayer (the step then rejects). */
  timeoutMs?: number;
  /** Connections to reuse (node:http's global keep-alive agent by default). */
  agent?: Agent;
}

/**
 * One POST over node:http, which costs the client a fraction of what fetch does: in the benchmark the client must
 * not be what is measured.
 */
function post(url: URL, body: string, o: ReplayOptions): Promise<{ status: number; contentType: string; body: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'POST', agent: o.agent, timeout: o.timeoutMs ?? 10_000,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs ?? 10_000} ms (a gateway would have given up)`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** One request of a session: the form a gateway posts. */
export async function ussdStep(url: string, text: string, o: ReplayOptions & { sessionId: string }): Promise<UssdScreen> {
  const form = new URLSearchParams({
    sessionId: o.sessionId, serviceCode: o.serviceCode ?? '*855#', phoneNumber: o.phoneNumber ?? '+24177000001', networkCode: o.networkCode ?? '62120', text,
  });
  const t0 = performance.now();
  const r = await post(new URL(url), form.toString(), o);
  const ms = performance.now() - t0;
  const body = r.body;
  const kind = body.startsWith('CON ') ? 'CON' : body.startsWith('END ') ? 'END' : null;
  return { kind, text: kind ? body.slice(4) : body, body, status: r.status, contentType: r.contentType, sent: text, ms };
}

/**
 * Dials (text empty), then sends each input in turn. Stops at the first screen that is not a `CON`: the screens
 * returned are one more than the inputs used, and `screens.at(-1)` is where the session ended or stands.
 */
export async function replaySession(url: string, inputs: readonly string[], o: ReplayOptions = {}): Promise<UssdScreen[]> {
  const opts = { ...o, sessionId: o.sessionId ?? `replay-${randomBytes(6).toString('hex')}` };
  const screens: UssdScreen[] = [];
  for (let i = 0; i <= inputs.length; i++) {
    const s = await ussdStep(url, inputs.slice(0, i).join('*'), opts);
    screens.push(s);
    if (s.kind !== 'CON') break;
  }
  return screens;
}
