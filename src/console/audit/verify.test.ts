/** @module Tests: audit chain verification on every kind of tampering; AuditLog over a fake store. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS_HASH, chainHash } from '../../journal/entry.js';
import type { AuditChainView, AuditRow } from '../../store/console-contract.js';
import { AuditLog } from './log.js';
import { auditBody } from './entry.js';
import { verifyAudit } from './verify.js';

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const body = auditBody(seq, `2020-04-01T08:00:0${seq % 10}.000Z`, 'a@seeg.ga', 'note_added', { n: seq });
    const hash = chainHash(prev, body);
    rows.push({ seq, prev_hash: prev, hash, body });
    prev = hash;
  }
  return rows;
}

const view = (rows: AuditRow[], head = { seq: rows.length, hash: rows.at(-1)?.hash ?? GENESIS_HASH }): AuditChainView => ({
  head, rows: async function* () { yield* rows; },
});

test('an intact chain verifies with its count and head; an empty one too', async () => {
  const rows = chain(6);
  assert.deepEqual(await verifyAudit(view(rows)), { ok: true, entries: 6, head: rows[5].hash });
  assert.deepEqual(await verifyAudit(view([])), { ok: true, entries: 0, head: GENESIS_HASH });
});

test('each kind of tampering names the first bad entry', async () => {
  const head = (rows: AuditRow[]) => ({ seq: rows.length, hash: rows[rows.length - 1].hash });
  const cases: [string, (r: AuditRow[]) => AuditChainView, number, RegExp][] = [
    ['edited', (r) => { r[2] = { ...r[2], body: r[2].body.replace('"n":3', '"n":4') }; return view(r, head(chain(6))); }, 3, /altered/],
    ['edited and rehashed', (r) => { const b = r[2].body.replace('"n":3', '"n":4'); r[2] = { ...r[2], body: b, hash: chainHash(r[2].prev_hash, b) }; return view(r, head(chain(6))); }, 4, /does not link/],
    ['deleted', (r) => { const h = head(r); r.splice(1, 1); return view(r, h); }, 2, /entry 2 is missing/],
    ['cut from the end', (r) => { const h = head(r); r.pop(); return view(r, h); }, 6, /cut from the end/],
    ['cut from the end, head moved back by hand without the hash', (r) => { r.pop(); return view(r, { seq: 5, hash: chain(6)[5].hash }); }, 5, /head does not match/],
    ['reordered', (r) => { const h = head(r); [r[1], r[2]] = [{ ...r[2], seq: 2 }, { ...r[1], seq: 3 }]; return view(r, h); }, 2, /does not link/],
    ['inserted', (r) => {
      const h = head(r);
      const b = auditBody(3, '2020-04-01T08:00:03.000Z', 'intruder', 'note_added', {});
      const forged = { seq: 3, prev_hash: r[1].hash, hash: chainHash(r[1].hash, b), body: b };
      return view([r[0], r[1], forged, ...r.slice(2).map((x) => ({ ...x, seq: x.seq + 1 }))], h);
    }, 4, /does not link/],
    ['added past the head', (r) => { const h = head(r); const b = auditBody(7, 'x', 'y', 'note_added', {}); return view([...r, { seq: 7, prev_hash: r[5].hash, hash: chainHash(r[5].hash, b), body: b }], h); }, 7, /past the chain head/],
    ['unreadable body rehashed', (r) => { r[0] = { ...r[0], body: 'not json', hash: chainHash(GENESIS_HASH, 'not json') }; return view(r, head(chain(6))); }, 1, /unreadable|does not link/],
  ];
  for (const [name, tamper, seq, problem] of cases) {
    const r = await verifyAudit(tamper(chain(6)));
    assert.equal(r.ok, false, name);
    assert.equal(!r.ok && r.seq, seq, `${name}: ${JSON.stringify(r)}`);
    assert.match(!r.ok ? r.problem : '', problem, name);
  }
});

test('AuditLog checks before writing, stamps with its clock, and reads latest first', async () => {
  const rows: AuditRow[] = [];
  const store = {
    async append(body: (seq: number) => string) {
      const seq = rows.length + 1;
      const prev = rows.at(-1)?.hash ?? GENESIS_HASH;
      const b = body(seq);
      const row = { seq, prev_hash: prev, hash: chainHash(prev, b), body: b };
      rows.push(row);
      return row;
    },
    async latest(limit: number) { return rows.slice().reverse().slice(0, limit); },
    readChain<T>(fn: (v: AuditChainView) => Promise<T>) { return fn(view(rows)); },
  };
  const log = new AuditLog(store, () => new Date('2020-04-01T08:00:00Z'));
  await log.append('cli:root', 'user_added', { email: 'a@seeg.ga', role: 'admin' });
  await log.append('a@seeg.ga', 'login', {});
  await assert.rejects(log.append('a@seeg.ga', 'password_reset', { password: 'hunter2hunter2' }), /secret/);
  await assert.rejects(log.append('a@seeg.ga', 'made_up' as 'login', {}), /unknown audit action/);
  assert.equal(rows.length, 2);
  assert.deepEqual(await log.latest(10), [
    { seq: 2, at: '2020-04-01T08:00:00.000Z', actor: 'a@seeg.ga', action: 'login', details: {} },
    { seq: 1, at: '2020-04-01T08:00:00.000Z', actor: 'cli:root', action: 'user_added', details: { email: 'a@seeg.ga', role: 'admin' } },
  ]);
  assert.equal((await log.latest(0)).length, 1);
  assert.deepEqual(await log.verify(), { ok: true, entries: 2, head: rows[1].hash });
});
