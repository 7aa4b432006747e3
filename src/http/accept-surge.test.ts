import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import { addAcceptHandles, LISTEN_BACKLOG, rememberTwin } from './accept.js';
import { AcceptSurge } from './accept-surge.js';
import { until } from '../test-support/until.js';

const handler = (_req: unknown, res: ServerResponse) => res.end('{"ok":true}');

function get(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/', agent: false }, (res) => res.resume().on('end', resolve));
    req.on('error', reject);
    req.end();
  });
}

// A crowd in another process: 200 keep-alive connections, one GET each ("OK n" once all are answered), then on a
// line from us a second GET on each same connection ("AGAIN n"): the connections outlived the handles' closing.
const CROWD = `const net=require('node:net');const port=+process.argv[1];const n=200;let ok=0,again=0;const ss=[];
const req='GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n';
process.stdout.write('ready\\n');
for(let i=0;i<n;i++){const s=net.connect(port,'127.0.0.1',()=>s.write(req));let answers=0;
s.on('data',(d)=>{answers+=String(d).split('HTTP/1.1 200').length-1;if(answers===1&&++ok===n)process.stdout.write('OK '+ok+'\\n');
if(answers===2&&++again===n){process.stdout.write('AGAIN '+again+'\\n');process.exit(0)}});s.on('error',()=>{});ss.push(s)}
process.stdin.once('data',()=>{for(const s of ss)s.write(req)});`;

test('a deep listen queue starts the reserve handles; calm stops them, keeps their connections and makes a new reserve', async () => {
  const main = rememberTwin(createServer(handler), () => createServer(handler));
  await new Promise<void>((r) => main.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => r()));
  const port = (main.address() as { port: number }).port;
  let surge: AcceptSurge | null = null;
  const surgeServers = new Set<Server>();
  let bySurge = 0;
  let started = false;
  const onServer = (s: Server) => {
    s.on('connection', () => surge?.accepted());
    if (started) {
      surgeServers.add(s);
      s.on('connection', () => bySurge++);
    }
  };
  main.on('connection', () => surge?.accepted());
  const steady = await addAcceptHandles(main, 4, onServer);
  surge = new AcceptSurge(main, { steady: 5, extra: 8, onServer, calmMs: 300 });
  await surge.start();
  started = true;
  const child = spawn(process.execPath, ['-e', CROWD, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    assert.equal(surge.reserved, 8);
    assert.equal(surge.accepting, 0);
    // Connections arriving one by one never find a deep queue.
    for (let i = 0; i < 20; i++) await get(port);
    assert.equal(surge.surges, 0, 'one connection at a time started the surge handles');

    let out = '';
    child.stdout.setEncoding('utf8');
    const seen = (s: string) => out.includes(s);
    child.stdout.on('data', (d: string) => {
      out += d;
      // The crowd connects while this loop is held: its connections wait in the listen queue together.
      if (d.includes('ready')) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700);
    });
    await until(() => surge!.surges === 1, 10_000, () => `the surge handles never started (${out.trim()})`);
    await until(() => seen('OK 200'), 10_000, () => `not all 200 connections were answered: ${out.trim()}`);
    assert.ok(bySurge > 0, 'no connection came in through a surge handle');
    await until(() => surge!.accepting === 0, 10_000, 'the surge handles were never closed after the crowd');
    await until(() => surge!.reserved === 8, 10_000, 'no new reserve after the surge');
    for (const s of surgeServers) assert.equal(s.listening, false);
    child.stdin.write('\n');
    await until(() => seen('AGAIN 200'), 10_000, () => `connections taken by closed surge handles were not answered again: ${out.trim()}`);
    await get(port); // the steady handles still serve
  } finally {
    child.kill();
    await surge.close();
    await steady.close();
    main.closeAllConnections();
    await new Promise((r) => main.close(r));
  }
});
