/** @module Tests: sign-in and sign-out over HTTP: cookies and their flags, the pre-session CSRF token, one sentence for every failure, lockout, the session and audit APIs. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { consoleHarness, cookieFrom, emailOf, PASSWORD, setCookieHeader, type ConsoleHarness } from './test-support/harness.js';

let h: ConsoleHarness;
before(async () => {
  h = await consoleHarness({ trusted: ['127.0.0.1'] });
});
after(() => h.close());

async function form(remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) {
  const r = await h.app.inject({ method: 'GET', url: '/console/login', remoteAddress, headers });
  assert.equal(r.statusCode, 200, 'the sign-in form');
  return { cookie: cookieFrom(r, 'guichet_login'), token: /name="csrf" value="([^"]+)"/.exec(r.body)![1], res: r };
}

async function signIn(email: string, password: string, o: { token?: string; cookie?: string; remoteAddress?: string; headers?: Record<string, string>; extra?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  const f = await form(o.remoteAddress, Object.fromEntries(Object.entries(o.headers ?? {}).filter(([k]) => k !== 'cookie')));
  return h.app.inject({
    method: 'POST', url: '/console/login', remoteAddress: o.remoteAddress,
    headers: { cookie: `guichet_login=${o.cookie ?? f.cookie}${o.headers?.cookie ? `; ${o.headers.cookie}` : ''}`, 'content-type': 'application/x-www-form-urlencoded', ...Object.fromEntries(Object.entries(o.headers ?? {}).filter(([k]) => k !== 'cookie')) },
    payload: new URLSearchParams({ email, password, csrf: o.token ?? f.token, ...o.extra }).toString(),
  });
}

test('the form sets a short-lived HttpOnly SameSite=Strict cookie for its token, and labels both fields', async () => {
  const f = await form();
  const c = setCookieHeader(f.res, 'guichet_login')!;
  assert.match(c, /HttpOnly/);
  assert.match(c, /SameSite=Strict/);
  assert.match(c, /Path=\/console/);
  assert.match(c, /Max-Age=1800/);
  assert.doesNotMatch(c, /Secure/, 'plain HTTP from a browser: no Secure flag (it could not come back)');
  assert.match(f.res.body, /<label for="email">/);
  assert.match(f.res.body, /<label for="password">/);
  assert.match(f.res.body, /<html lang="fr">/);
});

test('the right password: 303 home, a session cookie (HttpOnly, SameSite=Strict), a new id at every sign-in, the old one ended', async () => {
  const r = await signIn(emailOf('agent'), PASSWORD);
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/console');
  const set = setCookieHeader(r, 'guichet_session')!;
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  const first = cookieFrom(r, 'guichet_session');
  const s = await h.app.inject({ url: '/console/api/session', headers: { cookie: `guichet_session=${first}` } });
  assert.equal(s.statusCode, 200);
  const body = s.json() as Record<string, string>;
  assert.equal(body.email, 'agent@seeg.ga');
  assert.equal(body.role, 'agent');
  assert.match(body.csrf, /^[A-Za-z0-9_-]{43}$/);
  const again = await signIn(emailOf('agent'), PASSWORD, { headers: { cookie: `guichet_session=${first}` } });
  const second = cookieFrom(again, 'guichet_session');
  assert.notEqual(second, first, 'a new session id at sign-in (no fixation)');
  const old = await h.app.inject({ url: '/console/api/session', headers: { cookie: `guichet_session=${first}` } });
  assert.equal(old.statusCode, 401, 'the session the browser came with is over');
  const home = await h.app.inject({ url: '/console', headers: { cookie: `guichet_session=${second}` } });
  assert.equal(home.statusCode, 303);
  assert.equal(home.headers.location, '/console/guichet', 'an agent starts at the call-centre desk');
});

test('Secure is set behind TLS: a trusted proxy saying https; not when an untrusted client says it', async () => {
  const viaProxy = await signIn(emailOf('auditor'), PASSWORD, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.4' } });
  assert.equal(viaProxy.statusCode, 303);
  assert.match(setCookieHeader(viaProxy, 'guichet_session')!, /; Secure/);
  const liar = await signIn(emailOf('auditor'), PASSWORD, { remoteAddress: '203.0.113.9', headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(liar.statusCode, 303);
  assert.doesNotMatch(setCookieHeader(liar, 'guichet_session')!, /Secure/);
  const [entry] = await h.services.audit.latest(1);
  assert.deepEqual([entry.action, entry.details.ip], ['login', '203.0.113.9'], 'the audit entry names the client, not a header it made up');
});

test('a form without its token, with a forged one, or another browser\'s, is refused 403 and nobody is signed in', async () => {
  const other = await form();
  for (const [what, o] of [['no token', { token: '' }], ['forged', { token: 'x'.repeat(43) }], ['another form\'s token', { token: other.token }]] as const) {
    const r = await signIn(emailOf('agent'), PASSWORD, o);
    assert.equal(r.statusCode, 403, what);
    assert.equal(setCookieHeader(r, 'guichet_session'), undefined, `${what}: no session`);
    assert.match(r.body, /Le formulaire a expiré/);
  }
});

test('every failure says the same sentence: unknown account, wrong password, disabled, locked (after five, even the right password)', async () => {
  await h.services.accounts.add('cli:test', { email: 'off@seeg.ga', role: 'agent', password: PASSWORD });
  await h.services.accounts.disable('cli:test', 'off@seeg.ga');
  await h.services.accounts.add('cli:test', { email: 'lock@seeg.ga', role: 'agent', password: PASSWORD });
  const sentence = (r: LightMyRequestResponse) => /<p class="alert" role="alert" id="login-problem">([^<]+)<\/p>/.exec(r.body)?.[1];
  const answers: string[] = [];
  for (const [email, pw] of [['nobody@seeg.ga', PASSWORD], ['off@seeg.ga', PASSWORD], ['agent@seeg.ga', 'not the password!']]) {
    const r = await signIn(email, pw);
    assert.equal(r.statusCode, 401, email);
    answers.push(sentence(r)!);
    assert.match(r.body, new RegExp(`value="${email}"`), 'the email is kept in the form');
  }
  for (let i = 0; i < 5; i++) answers.push(sentence(await signIn('lock@seeg.ga', 'wrong password again'))!);
  const locked = await signIn('lock@seeg.ga', PASSWORD);
  assert.equal(locked.statusCode, 401, 'locked: the right password fails too');
  answers.push(sentence(locked)!);
  assert.equal(new Set(answers).size, 1, `one sentence for every failure: ${[...new Set(answers)].join(' | ')}`);
  assert.match(answers[0], /Connexion refusée/);
  const actions = (await h.services.audit.latest(20)).map((e) => e.action);
  assert.ok(actions.includes('lockout'), 'the lockout is in the audit log');
});

test('sign-out needs the session\'s token, ends the session, clears the cookie; the audit API is newest first', async () => {
  const c = await h.login('admin');
  const forged = await c.post('/console/logout', {}, { csrf: 'nope' });
  assert.equal(forged.statusCode, 403);
  assert.equal((await c.get('/console/api/session')).statusCode, 200, 'still signed in after a forged sign-out');
  const audit = await c.get('/console/api/audit?limit=3');
  const entries = audit.json() as { seq: number; at: string; actor: string; action: string }[];
  assert.equal(entries.length, 3);
  assert.ok(entries[0].seq > entries[1].seq && entries[1].seq > entries[2].seq, 'newest first');
  assert.deepEqual(Object.keys(entries[0]).slice(-4).sort(), ['action', 'actor', 'at', 'seq'].sort());
  assert.equal(entries[0].action, 'login');
  assert.equal((await c.get('/console/api/audit?limit=0')).statusCode, 400);
  assert.equal((await c.get('/console/api/audit?limit=abc')).statusCode, 400);
  const out = await c.post('/console/logout');
  assert.equal(out.statusCode, 303);
  assert.match(setCookieHeader(out, 'guichet_session')!, /Max-Age=0/);
  assert.equal((await c.get('/console/api/session')).statusCode, 401, 'the session is over');
  assert.equal((await h.services.audit.latest(1))[0].action, 'logout');
});

test('the sign-in form goes back where the operator was headed, only to a console page', async () => {
  const away = await h.app.inject('/console/audit');
  assert.equal(away.headers.location, '/console/login?next=%2Fconsole%2Faudit');
  const ok = await signIn(emailOf('auditor'), PASSWORD, { extra: { next: '/console/audit' } });
  assert.equal(ok.headers.location, '/console/audit');
  for (const next of ['https://evil.example/', '//evil.example/console', '/console/../x', '/elsewhere']) {
    const r = await signIn(emailOf('auditor'), PASSWORD, { extra: { next } });
    assert.equal(r.headers.location, '/console', `next=${next} is not followed`);
  }
});

test('the language switch sets a cookie and comes back; pages are then in English', async () => {
  const r = await h.app.inject('/console/langue?to=en&back=/console/login');
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/console/login');
  const page = await h.app.inject({ url: '/console/login', headers: { cookie: 'guichet_lang=en' } });
  assert.match(page.body, /<html lang="en">/);
  assert.match(page.body, /Sign in to the console/);
});
