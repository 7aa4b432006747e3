/**
 * @module Tests: /api/v1/openapi.json documents every route a started node serves, is OpenAPI 3.1 in shape, and real
 * answers (issued, replayed, queued, invalid, ineligible, credits, health) match the schemas it documents.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startTestNode } from '../../test-support/node.js';

type Doc = {
  openapi: string; info: { title: string; version: string };
  paths: Record<string, Record<string, { operationId: string; summary: string; responses: Record<string, { description: string; content?: Record<string, { schema?: object; example?: unknown }> }> }>>;
};

let node: Awaited<ReturnType<typeof startTestNode>>;
let doc: Doc;
// One claim a second: the second claim of a burst waits in line (a real 202).
before(async () => {
  node = await startTestNode({}, { 'admit-rate': '1' });
  doc = (await node.app.inject({ url: '/api/v1/openapi.json' })).json() as Doc;
});
after(() => node.stop());

/** Every (method, path) Fastify serves on the started node, read from its own routing tree (HEAD left out). */
function servedRoutes(): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of node.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[└├]── (\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    // The tree prints each node as the text it adds to its parent's (`api/programme` then `s/dry-run`): joined as is.
    const path = (stack.at(-1) ?? '') + m[2];
    stack.push(path);
    // A plugin's prefix serves its '/' route with and without the slash (Fastify's prefixTrailingSlash): one route.
    const shown = path.length > 1 ? path.replace(/\/$/, '') : path;
    for (const method of m[3].split(', ')) if (method !== 'HEAD') out.push(`${method} ${shown.replace(/:(\w+)/g, '{$1}')}`);
  }
  return [...new Set(out)].sort();
}

test('every route the started node serves is documented, and nothing else is', () => {
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
  const served = servedRoutes();
  assert.ok(served.length >= 10, `the routing tree was read: ${served.join(', ')}`);
  assert.deepEqual(documented, served);
});

test('the document is OpenAPI 3.1 in shape: version, info, paths, an id, a summary and described answers for every operation', () => {
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.info.title && doc.info.version, 'info.title and info.version');
  const ids = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    assert.match(path, /^\//, path);
    for (const [method, op] of Object.entries(ops)) {
      const at = `${method.toUpperCase()} ${path}`;
      assert.ok(['get', 'post', 'put', 'delete', 'patch'].includes(method), at);
      assert.ok(op.summary, `${at}: summary`);
      assert.ok(!ids.has(op.operationId), `${at}: operationId ${op.operationId} is unique`);
      ids.add(op.operationId);
      assert.ok(Object.keys(op.responses).length > 0, `${at}: responses`);
      for (const [status, r] of Object.entries(op.responses)) {
        assert.match(status, /^[1-5]\d\d$/, `${at}: status ${status}`);
        assert.ok(r.description, `${at} ${status}: description`);
      }
    }
  }
});

const ajv = new Ajv2020({ allowUnionTypes: true, strict: false, allErrors: true });
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);

/** Checks a real answer against the schema the document gives for its method, path and status. */
function matches(method: string, path: string, r: { statusCode: number; body: string; json: () => unknown }): void {
  const op = doc.paths[path]?.[method];
  assert.ok(op, `${method} ${path} is documented`);
  const answer = op.responses[String(r.statusCode)];
  assert.ok(answer, `${method} ${path} documents its ${r.statusCode} answer (${r.body})`);
  const schema = answer.content?.['application/json']?.schema;
  assert.ok(schema, `${method} ${path} ${r.statusCode}: a JSON schema`);
  const validate = ajv.compile(schema);
  assert.ok(validate(r.json()), `${method} ${path} ${r.statusCode}: ${r.body}\n${ajv.errorsText(validate.errors)}`);
}

test('real claims match their documented answers: issued, replayed, queued, invalid, ineligible', async () => {
  const samples = (await node.app.inject({ url: '/api/v1/demo/samples' })).json() as Record<string, string[]>;
  matches('get', '/api/v1/demo/samples', await node.app.inject({ url: '/api/v1/demo/samples' }));
  const claim = (body: object) => node.app.inject({ method: 'POST', url: '/api/v1/claims', payload: body });
  const [prepaid, second] = [samples.prepaid[0], samples.postpaid[0]];
  const [issued, queued] = await Promise.all([claim({ meter_no: prepaid }), claim({ meter_no: second })]);
  assert.equal(issued.statusCode, 200, issued.body);
  assert.equal(issued.json().replayed, false);
  matches('post', '/api/v1/claims', issued);
  assert.equal(queued.statusCode, 202, `the second claim of a burst at 1/s waits: ${queued.body}`);
  matches('post', '/api/v1/claims', queued);
  const replay = await claim({ meter_no: prepaid });
  assert.equal(replay.json().replayed, true, replay.body);
  matches('post', '/api/v1/claims', replay);
  const badDigit = prepaid.slice(0, -1) + String((Number(prepaid.at(-1)) + 1) % 10);
  for (const body of [{ meter_no: badDigit }, { meter_no: '1', contract_no: 'X' }, { meter: 1 }, {}]) {
    const r = await claim(body);
    assert.equal(r.statusCode, 400, `${JSON.stringify(body)}: ${r.body}`);
    matches('post', '/api/v1/claims', r);
  }
  for (const body of [{ meter_no: samples.not_retained[0] }, { contract_no: 'XYZ-1' }, { meter_no: prepaid, cycle: 'phase-2' }]) {
    const r = await claim(body);
    assert.equal(r.statusCode, 422, `${JSON.stringify(body)}: ${r.body}`);
    matches('post', '/api/v1/claims', r);
  }
});

test('over a real socket too, where the direct path answers well-formed claims', async () => {
  const samples = (await node.app.inject({ url: '/api/v1/demo/samples' })).json() as Record<string, string[]>;
  const claim = async (body: object) => {
    const r = await fetch(`${node.url}/api/v1/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await r.text();
    return { statusCode: r.status, body: text, json: () => JSON.parse(text) as unknown };
  };
  const prepaid = samples.prepaid[0];
  const badDigit = prepaid.slice(0, -1) + String((Number(prepaid.at(-1)) + 1) % 10);
  for (const [body, status] of [[{ meter_no: prepaid }, 200], [{ meter_no: badDigit }, 400], [{ meter_no: samples.not_retained[1] }, 422],
    [{ contract_no: 'XYZ-2' }, 422]] as const) {
    const r = await claim(body);
    assert.equal(r.statusCode, status, `${JSON.stringify(body)}: ${r.body}`);
    matches('post', '/api/v1/claims', r);
  }
});

test('real look-ups and health match their documented answers', async () => {
  const samples = (await node.app.inject({ url: '/api/v1/demo/samples' })).json() as Record<string, string[]>;
  const get = (url: string) => node.app.inject({ url });
  for (const [url, status] of [[`/api/v1/credits?meter_no=${samples.prepaid[0]}`, 200], [`/api/v1/credits?contract_no=${samples.water[0]}`, 404],
    ['/api/v1/credits?contract_no=NOPE-1', 404], ['/api/v1/credits?meter_no=abc', 400], ['/api/v1/credits', 400]] as const) {
    const r = await get(url);
    assert.equal(r.statusCode, status, `${url}: ${r.body}`);
    matches('get', '/api/v1/credits', r);
  }
  matches('get', '/healthz', await get('/healthz'));
  matches('get', '/api/v1/openapi.json', await get('/api/v1/openapi.json'));
});

test('real grievance answers match their documented answers: raised, again, read, invalid, unknown, too long', async () => {
  const samples = (await node.app.inject({ url: '/api/v1/demo/samples' })).json() as Record<string, string[]>;
  const raise = (body: object) => node.app.inject({ method: 'POST', url: '/api/v1/grievances', payload: body });
  const body = { meter_no: samples.not_retained[2] ?? samples.not_retained[0], category: 'not_retained', message: 'Je conteste.' };
  const first = await raise(body);
  assert.equal(first.statusCode, 201, first.body);
  matches('post', '/api/v1/grievances', first);
  const again = await raise(body);
  assert.equal(again.statusCode, 200, again.body);
  matches('post', '/api/v1/grievances', again);
  for (const bad of [{ meter_no: body.meter_no, category: 'x' }, { category: 'other' }]) {
    const r = await raise(bad);
    assert.equal(r.statusCode, 400, r.body);
    matches('post', '/api/v1/grievances', r);
  }
  const ticket = (first.json() as { ticket: string }).ticket;
  for (const [t, status] of [[ticket, 200], ['R-000000', 404], ['A'.repeat(80), 414]] as const) {
    const r = await node.app.inject({ url: `/api/v1/grievances/${t}` });
    assert.equal(r.statusCode, status, r.body);
    matches('get', '/api/v1/grievances/{ticket}', r);
  }
});

test('every documented example matches its own schema', () => {
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, r] of Object.entries(op.responses)) {
        const c = r.content?.['application/json'];
        if (!c?.schema || c.example === undefined) continue;
        const validate = ajv.compile(c.schema);
        assert.ok(validate(c.example), `${method} ${path} ${status} example: ${ajv.errorsText(validate.errors)}`);
      }
    }
  }
});
