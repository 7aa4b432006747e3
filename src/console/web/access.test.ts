/**
 * @module Tests: the one gate, walked over every console route for every role and for no session, against the
 * permission each route declares. A route added later without a permission, or with the wrong one, fails here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, can } from '../auth/roles.js';
import { consoleHarness, type ConsoleHarness, type SeenRoute } from './test-support/harness.js';
import { isAccess, isApi } from './route.js';

let h: ConsoleHarness;
before(async () => {
  h = await consoleHarness();
  // A grievance that exists, so the walk reaches its pages and actions rather than a 404.
  const o = await h.grievances.raise({ who: { contract_no: 'C0000004' }, category: 'not_retained', message: 'walk', phone: null, channel: 'web', logged_by: null, cycle: null });
  if (o.kind === 'invalid') throw new Error(JSON.stringify(o.errors));
  PARAMS.ticket = o.grievance.ticket;
});
after(() => h.close());

/** Sample values for route parameters: a subscriber that exists, a file that exists, a cycle that exists. */
const PARAMS: Record<string, string> = { id: '1', name: 'console.css', cycle: 'phase-1', credit: '1', ticket: 'G-00000001' };
// once=1: the live stream sends one snapshot and ends, so a walk never hangs on it.
const fill = (url: string) => url.replace(/:([A-Za-z_]+)/g, (_m, k: string) => PARAMS[k] ?? 'x') + '?once=1';

function send(r: SeenRoute, cookie: string | null, csrf: string | null) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  if (r.method === 'GET') return h.app.inject({ method: 'GET', url: fill(r.url), headers });
  const payload = new URLSearchParams(csrf ? { csrf } : {}).toString();
  return h.app.inject({ method: r.method as 'POST', url: fill(r.url), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload });
}

test('the walk covers the console: sign-in, session, audit and static routes are all registered', () => {
  const names = h.routes.map((r) => `${r.method} ${r.url}`);
  for (const n of ['GET /console/login', 'POST /console/login', 'POST /console/logout', 'GET /console/api/session', 'GET /console/api/audit', 'GET /console/static/:name']) {
    assert.ok(names.includes(n), `${n} is registered`);
  }
});

test('every console route declares a permission from the table, and its documentation', () => {
  const bad = h.routes.filter((r) => !isAccess(r.config.permission)).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(bad, [], 'routes without a permission (or with one roles.ts does not know)');
  const undocumented = h.routes.filter((r) => !r.config.doc).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(undocumented, [], 'routes without documentation');
});

test('without a session: pages redirect 303 to the sign-in form, API routes answer 401, public routes answer', async () => {
  for (const r of h.routes) {
    const res = await send(r, null, null);
    const name = `${r.method} ${r.url}`;
    if (r.config.permission === 'public') {
      // The sign-in form's POST without its token is refused like any forged form.
      const expected = r.method === 'POST' ? [403] : [200, 303];
      assert.ok(expected.includes(res.statusCode), `${name}: ${res.statusCode}, expected ${expected.join(' or ')}`);
    } else if (isApi(r.url)) {
      assert.equal(res.statusCode, 401, `${name} without a session`);
      assert.equal((res.json() as { error: string }).error, 'not_signed_in', name);
    } else {
      assert.equal(res.statusCode, 303, `${name} without a session`);
      assert.match(String(res.headers.location), /^\/console\/login/, `${name} redirects to the sign-in form`);
    }
  }
});

test('every role on every route: 403 without the right, 403 for a change without its CSRF token, served otherwise', async () => {
  for (const role of ROLES) {
    for (const r of h.routes) {
      if (r.config.permission === 'public') continue;
      const name = `${role} ${r.method} ${r.url}`;
      const allowed = r.config.permission === 'signed_in' || can(role, r.config.permission!);
      const c = await h.session(role);
      const res = await send(r, c.cookie, c.csrf);
      if (!allowed) {
        assert.equal(res.statusCode, 403, `${name}: the role lacks ${r.config.permission}`);
        continue;
      }
      assert.ok(![401, 403].includes(res.statusCode) && res.statusCode < 500, `${name}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      assert.ok(!(res.statusCode === 303 && String(res.headers.location).startsWith('/console/login') && !r.url.endsWith('/logout')), `${name}: not sent back to sign in`);
      if (r.method !== 'GET') {
        const fresh = await h.session(role);
        const forged = await send(r, fresh.cookie, 'not-the-token');
        assert.equal(forged.statusCode, 403, `${name} with a wrong csrf`);
        const none = await send(r, fresh.cookie, null);
        assert.equal(none.statusCode, 403, `${name} without csrf`);
      }
    }
  }
});

test('security headers on every console answer: CSP without unsafe-inline, no framing, no caching of pages, nosniff, no referrer', async () => {
  const c = await h.session('auditor');
  for (const res of [await h.app.inject('/console/login'), await c.get('/console/audit'), await c.get('/console/api/session'), await h.app.inject('/console/nowhere')]) {
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, 'no unsafe-inline, no wildcard');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store', 'pages with tokens are never cached');
  }
  const unknown = await c.get('/console/api/nothing-here');
  assert.equal(unknown.statusCode, 404);
  assert.equal((unknown.json() as { error: string }).error, 'not_found');
});
