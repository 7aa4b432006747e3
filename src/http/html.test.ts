import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, html, trusted } from './html.js';

test('escapeHtml escapes every character that could open a tag, an attribute or an entity', () => {
  assert.equal(escapeHtml(`<script>alert("x")</script>`), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  assert.equal(escapeHtml(`' onmouseover='x`), '&#39; onmouseover=&#39;x');
  assert.equal(escapeHtml('a & b ` c'), 'a &amp; b &#96; c');
  assert.equal(escapeHtml('&lt;'), '&amp;lt;', 'an entity typed by someone is shown, not decoded');
  assert.equal(escapeHtml(20000), '20000');
  assert.equal(escapeHtml('plain 123 ü é'), 'plain 123 ü é');
});

test('html escapes every interpolated value, nested fragments pass through once, arrays are joined', () => {
  const hostile = `"><script>alert(1)</script><img src=x onerror='y'>`;
  const out = html`<input value="${hostile}"><p>${hostile}</p>`.value;
  assert.ok(!out.includes('<script>'));
  assert.ok(!out.includes('<img'));
  assert.ok(!/value="[^"]*"[^>]*onerror/.test(out));
  assert.equal(out.match(/"/g)?.length, 2, 'only the template’s own quotes remain');
  const inner = html`<b>${'<i>'}</b>`;
  assert.equal(html`<p>${inner}</p>`.value, '<p><b>&lt;i&gt;</b></p>');
  assert.equal(html`<ul>${['<a>', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value, '<ul><li>&lt;a&gt;</li><li>b</li></ul>');
  assert.equal(html`${null}${undefined}${false}${true}|${0}`.value, '|0');
  assert.equal(html`${trusted('<hr>')}`.value, '<hr>');
});

test('a string that merely looks like a fragment is still escaped', () => {
  const fake = { value: '<script>', toString: () => '<script>' };
  assert.equal(html`${fake as unknown as string}`.value, '&lt;script&gt;');
});
