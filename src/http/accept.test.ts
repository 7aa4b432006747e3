import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { spawnSync } from 'node:child_process';
import { addAcceptHandles, LISTEN_BACKLOG, rememberTwin } from './accept.js';

const handler = (_req: unknown, res: import('node:http').ServerResponse) => res.end('{"ok":true}');

function listen(s: Server): Promise<number> {
  return new Promise((r) => s.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => r((s.address() as { port: number }).port)));
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/', agent: false }, (res) => {
      let b = '';
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve(b));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens n connections, waits until the kernel has them all queued, then counts how many one loop turn accepts. */
async function acceptedInOneTurn(main: Server, extra: Server[], port: number, n: number): Promise<number> {
  const socks: Socket[] = [];
  await Promise.all(Array.from({ length: n }, () => new Promise<void>((r) => socks.push(connect(port, '127.0.0.1', () => r())))));
  // The client side is connected: the handshakes are done and the connections wait in the listen queue. Block the
  // loop so none is accepted before we start counting, then count the accepts of the next poll phase.
  let accepted = 0;
  const count = () => accepted++;
  for (const s of [main, ...extra]) s.on('connection', count);
  const turn = await new Promise<number>((resolve) => setImmediate(() => setImmediate(() => resolve(accepted))));
  for (const s of [main, ...extra]) s.off('connection', count);
  for (const s of socks) s.destroy();
  return turn;
}

test('extra handles share the listening socket: each accepts and serves like the main one', async () => {
  const main = rememberTwin(createServer(handler), () => createServer(handler));
  const port = await listen(main);
  const handles = await addAcceptHandles(main, 4);
  try {
    assert.equal(handles.servers.length, 4);
    const seen = new Set<Server>();
    for (const s of [main, ...handles.servers]) s.on('connection', () => seen.add(s));
    const answers = await Promise.all(Array.from({ length: 200 }, () => get(port)));
    assert.ok(answers.every((a) => a === '{"ok":true}'));
    assert.ok(seen.size >= 2, `connections were accepted by ${seen.size} handle(s) only`);
  } finally {
    await handles.close();
    await new Promise((r) => main.close(r));
  }
});

test('one loop turn accepts one connection per handle: more handles let a queued crowd in faster', async () => {
  const main = rememberTwin(createServer(handler), () => createServer(handler));
  const port = await listen(main);
  const before = await acceptedInOneTurn(main, [], port, 64);
  const handles = await addAcceptHandles(main, 16);
  try {
    const after = await acceptedInOneTurn(main, handles.servers, port, 64);
    assert.ok(before <= 2, `without extra handles a turn accepted ${before}`);
    assert.ok(after >= 8, `with 16 extra handles a turn accepted only ${after}`);
  } finally {
    await handles.close();
    main.closeAllConnections();
    await new Promise((r) => main.close(r));
  }
});

test('a server that was not built with a twin, or 0 handles, keeps its one handle', async () => {
  const plain = createServer(handler);
  await listen(plain);
  assert.equal((await addAcceptHandles(plain, 8)).servers.length, 0);
  const twin = rememberTwin(createServer(handler), () => createServer(handler));
  await listen(twin);
  assert.equal((await addAcceptHandles(twin, 0)).servers.length, 0);
  await new Promise((r) => plain.close(r));
  await new Promise((r) => twin.close(r));
});

/**
 * How many of n connections the kernel completes within 1.5 s while this process accepts none: a child connects them
 * while spawnSync holds our event loop. A full listen queue drops further SYNs (retried only after 1 s, then 3 s).
 */
function connectedWhileBlocked(port: number, n: number): number {
  const script = `const net=require('node:net');let ok=0;const ss=[];for(let i=0;i<${n};i++){const s=net.connect(${port},'127.0.0.1',()=>ok++);s.on('error',()=>{});ss.push(s)}` +
    "setTimeout(()=>{process.stdout.write(String(ok));for(const s of ss)s.destroy();process.exit(0)},1500)";
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  return Number(r.stdout);
}

test('the extra handles keep the listen backlog: 1,500 connections queue in the kernel while the node accepts none', async () => {
  const main = rememberTwin(createServer(handler), () => createServer(handler));
  const port = await listen(main);
  const handles = await addAcceptHandles(main, 8);
  try {
    // listen(handle) without a backlog set the shared socket's to Node's 511: only 512 would get in (issue 13).
    const n = connectedWhileBlocked(port, 1500);
    assert.equal(n, 1500, `only ${n} of 1,500 connections were queued (backlog ${LISTEN_BACKLOG} expected)`);
  } finally {
    await handles.close();
    main.closeAllConnections();
    await new Promise((r) => main.close(r));
  }
});
