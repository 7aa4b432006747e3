import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestNode } from '../../test-support/node.js';

// The direct claim path (fast-route.ts) answers real sockets; Fastify's route answers inject(). Both must say the
// same thing, so every case goes both ways here and the answers are compared whole.
let node: Awaited<ReturnType<typeof startTestNode>>;
let samples: { prepaid: string[]; postpaid: string[]; water: string[]; not_retained: string[] };

before(async () => {
  node = await startTestNode();
  samples = (await node.app.inject({ method: 'GET', url: '/api/v1/demo/samples' })).json();
});
after(() => node.stop());

interface Seen {
  status: number;
  type: string | undefined;
  retryAfter: string | undefined;
  body: Record<string, unknown>;
}

function overSocket(payload: string, headers: Record<string, string>): Promise<Seen> {
  const url = new URL(node.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/api/v1/claims', headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let b = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], retryAfter: res.headers['retry-after'] as string | undefined, body: JSON.parse(b) }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.end(payload);
  });
}

async function viaFastify(payload: string, headers: Record<string, string>): Promise<Seen> {
  const r = await node.app.inject({ method: 'POST', url: '/api/v1/claims', payload, headers });
  return { status: r.statusCode, type: r.headers['content-type'] as string | undefined, retryAfter: r.headers['retry-after'] as string | undefined, body: r.json() };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

async function directCount(name = 'guichet_http_direct_requests_total'): Promise<number> {
  const m = (await node.app.inject({ method: 'GET', url: '/metrics' })).body.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  assert.ok(m, `the direct path counts in /metrics (${name})`);
  return Number(m[1]);
}

test('refusals and input errors: the same status, headers and words either way', async () => {
  const cases: [string, Record<string, string>][] = [
    [JSON.stringify({ meter_no: '99999999999' }), JSON_HEADERS],
    [JSON.stringify({ meter_no: samples.not_retained[0] }), JSON_HEADERS],
    [JSON.stringify({ meter_no: 'abc' }), JSON_HEADERS],
    [JSON.stringify({ meter_no: samples.postpaid[0], contract_no: 'X', extra: 1 }), JSON_HEADERS],
    [JSON.stringify({}), JSON_HEADERS],
    ['{', JSON_HEADERS],
    ['[1,2]', JSON_HEADERS],
    ['null', JSON_HEADERS],
    ['{"__proto__":{"admin":true}}', JSON_HEADERS],
    [JSON.stringify({ meter_no: '99999999999' }), { 'content-type': 'application/json; charset=utf-8' }],
    [JSON.stringify({ meter_no: '99999999999' }), { 'content-type': 'APPLICATION/JSON' }],
    // Declined by the direct path (not JSON): Fastify answers the socket too, so this checks the hand-over.
    [JSON.stringify({ meter_no: '99999999999' }), { 'content-type': 'text/plain' }],
  ];
  const before = await directCount();
  const claimsBefore = await directCount('guichet_claims_direct_total');
  for (const [payload, headers] of cases) {
    const a = await overSocket(payload, headers);
    const b = await viaFastify(payload, headers);
    assert.deepEqual(a, b, `${headers['content-type']} ${payload}`);
    assert.ok(a.status >= 400 && a.status < 500, `${payload}: ${a.status}`);
  }
  // Every JSON case went the direct way over the socket (so the comparison above compared two paths), text/plain not.
  assert.equal(await directCount() - before, cases.length - 1);
  // Only the four that passed the schema count as claims (the unknown number three ways, the refusal).
  assert.equal(await directCount('guichet_claims_direct_total') - claimsBefore, 4);
});

test('an issue by one path is the replay of the other, with the same credit', async () => {
  for (const [meter, firstBySocket] of [[samples.postpaid[1], true], [samples.prepaid[1], false], [samples.water[1], true]] as const) {
    const payload = JSON.stringify({ meter_no: meter });
    const first = firstBySocket ? await overSocket(payload, JSON_HEADERS) : await viaFastify(payload, JSON_HEADERS);
    const again = firstBySocket ? await viaFastify(payload, JSON_HEADERS) : await overSocket(payload, JSON_HEADERS);
    assert.equal(first.status, 200);
    assert.equal(first.body.replayed, false);
    assert.equal(again.body.replayed, true);
    assert.deepEqual({ ...again, body: { ...again.body, replayed: false } }, first);
  }
});

test('a body cut short or sent in pieces is read whole, and the connection carries the next request', async () => {
  const url = new URL(node.url);
  const { connect } = await import('node:net');
  const body = JSON.stringify({ meter_no: '123456789' });
  const head = `POST /api/v1/claims HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const text = await new Promise<string>((resolve, reject) => {
    const s = connect(Number(url.port), url.hostname);
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (d) => {
      got += d;
      if ((got.match(/HTTP\/1\.1 /g) ?? []).length === 2 && got.endsWith('}')) {
        s.end();
        resolve(got);
      }
    });
    s.on('error', reject);
    s.setTimeout(5000, () => s.destroy(new Error(`no second answer within 5 s; got: ${got}`)));
    // One request in three pieces, then a second one in the same packet as the end of the first.
    s.write(head + body.slice(0, 5));
    setTimeout(() => s.write(body.slice(5, 12)), 20);
    setTimeout(() => s.write(body.slice(12) + head + body), 40);
  });
  assert.equal((text.match(/"reason":"unknown_meter"/g) ?? []).length, 2);
});
