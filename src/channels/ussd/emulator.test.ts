/** @module Tests: the demo's USSD emulator page through inject: 404 outside demo mode, dial, keys, send, hang up, everything escaped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'node:querystring';
import type { FastifyInstance } from 'fastify';
import { POOL_TOKEN, SUBS, ussdHarness } from './test-support/harness.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const press = (app: FastifyInstance, fields: Record<string, string>) => app.inject({ method: 'POST', url: '/demo/ussd', payload: stringify(fields), headers: FORM });
/** The hidden fields of a page: what the next press sends back. */
function hidden(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  return out;
}
const screenOf = (body: string) => /<pre class="screen"[^>]*>([\s\S]*?)<\/pre>/.exec(body)?.[1] ?? '';

test('outside demo mode the emulator does not exist', async () => {
  const h = await ussdHarness({ demo: false });
  try {
    assert.equal((await h.app.inject({ method: 'GET', url: '/demo/ussd' })).statusCode, 404, 'GET is 404');
    assert.equal((await press(h.app, { action: 'dial' })).statusCode, 404, 'POST is 404');
  } finally {
    await h.close();
  }
});

test('dial, press keys, send, get the code, hang up: the emulator drives the real callback', async () => {
  const h = await ussdHarness({ demo: true });
  try {
    const idle = await h.app.inject({ method: 'GET', url: '/demo/ussd' });
    assert.equal(idle.statusCode, 200, 'the page');
    assert.match(String(idle.headers['content-security-policy']), /^default-src 'none'; style-src 'sha256-/, 'nothing runs, nothing loads from elsewhere');
    assert.doesNotMatch(idle.body, /<script/i, 'no script');
    assert.match(idle.body, /DÉMO/, 'the demo banner');
    assert.match(idle.body, /name="dial" value="\*855#"/, 'ready to dial *855#');

    const menu = await press(h.app, { action: 'dial', dial: '*855#', phone: '+24177000001' });
    assert.match(screenOf(menu.body), /^Crédit offert électricité et eau\n1 Obtenir mon crédit/, 'the menu, as the gateway would show it');
    const state = hidden(menu.body);
    assert.match(state.session, /^demo-[0-9a-f]{12}$/, 'a session id in a hidden field');
    assert.equal(state.n, '0', 'no input yet');

    const keyed = await press(h.app, { ...state, key: '1', reply: '' });
    assert.match(keyed.body, /name="reply" value="1"/, 'a keypad key adds to the reply');
    assert.equal(screenOf(keyed.body), screenOf(menu.body), 'on the same screen');

    const prompt = await press(h.app, { ...state, action: 'send', reply: '1' });
    assert.match(screenOf(prompt.body), /^Tapez votre numéro/, 'option 1 asks for the number');
    const p = hidden(prompt.body);
    assert.deepEqual([p.text, p.n], ['1', '1'], 'the inputs so far');

    const end = await press(h.app, { ...p, action: 'send', reply: SUBS[0].meter_no });
    assert.ok(screenOf(end.body).includes(POOL_TOKEN.match(/.{4}/g)!.join(' ')), `the code screen: ${screenOf(end.body)}`);
    assert.match(end.body, /value="hangup">OK</, 'the session is over: OK');
    assert.doesNotMatch(end.body, /name="reply"/, 'nothing more to type');

    const back = await press(h.app, { ...hidden(end.body), action: 'hangup' });
    assert.match(back.body, /name="dial" value="\*855#"/, 'back to the idle phone');
  } finally {
    await h.close();
  }
});

test('whatever is posted is escaped, and a press without a session goes back to the idle phone', async () => {
  const h = await ussdHarness({ demo: true });
  try {
    const hostile = `"><script>alert(1)</script>`;
    const r = await press(h.app, { action: 'send', session: 'demo-1', text: '', n: '0', reply: hostile, dial: hostile, phone: hostile });
    assert.equal(r.statusCode, 200, 'a page');
    assert.ok(!r.body.includes(hostile), 'escaped everywhere');
    const lost = await press(h.app, { action: 'send', reply: '1' });
    assert.match(lost.body, /name="dial"/, 'no session: the idle phone');
    const en = await h.app.inject({ method: 'GET', url: '/demo/ussd?lang=en' });
    assert.match(en.body, /<html lang="en">/, 'the page in English');
    assert.match(en.body, /USSD phone \(demo\)/, 'its own words');
  } finally {
    await h.close();
  }
});
