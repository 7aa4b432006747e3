/** @module The baseline: a bare node:http server doing the least a claim server must do (read, parse, answer JSON). */
import { createServer } from 'node:http';

// Same socket settings as the real node (src/server/app.ts and start.ts), so the ratio compares the work done per
// claim, not the connection handling.
const KEEP_ALIVE_MS = 30_000;
const BACKLOG = 4096;

let requests = 0;
let invalid = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    // Sampled once a second by the bench for its throughput-over-time chart.
    const body = JSON.stringify({ requests, invalid });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    requests++;
    let meter: unknown = null;
    try {
      meter = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { meter_no?: unknown }).meter_no;
    } catch {
      invalid++;
    }
    const ok = typeof meter === 'string';
    const body = ok ? `{"status":"issued","meter_no":${JSON.stringify(meter)}}` : '{"status":"invalid"}';
    res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.requestTimeout = 30_000;

const host = '127.0.0.1';
server.listen({ port: Number(process.env.PORT ?? 0), host, backlog: BACKLOG }, () => {
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  // The bench reads this line to learn the port (port 0: the system picks a free one, no race).
  console.error(`baseline listening on http://${host}:${port}`);
});
const close = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
