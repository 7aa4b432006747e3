/**
 * @module `--console-viewers N`: N operators watching the live dashboard while the load runs, so a run measures what
 * they cost the claim path (CONTRACT §9; issue 11's "20 viewers under 2% of throughput"). One account and N sessions
 * are made directly in the node's store, then N event streams are held open on /console/api/live.
 */
import { randomBytes } from 'node:crypto';
import { request, type ClientRequest } from 'node:http';
import { ConsoleServices, SESSION_COOKIE } from '../console/index.js';
import { openStore } from '../store/open.js';

export interface Viewers {
  /** Frames (snapshots) each viewer has received so far. */
  frames(): number[];
  stop(): void;
}

export async function openViewers(o: { url: string; dataDir: string; databaseUrl?: string | null; count: number }): Promise<Viewers> {
  const store = await openStore({ dataDir: o.dataDir, databaseUrl: o.databaseUrl ?? null }, { purpose: 'command', mustExist: true });
  const cookies: string[] = [];
  try {
    const services = ConsoleServices.open(store);
    const email = `viewer-${randomBytes(4).toString('hex')}@bench.guichet.ga`;
    const account = await services.accounts.add('cli:bench', { email, role: 'supervisor', password: randomBytes(18).toString('base64url') });
    for (let i = 0; i < o.count; i++) cookies.push(`${SESSION_COOKIE}=${(await services.sessions.create(account.id)).id}`);
  } finally {
    await store.close();
  }
  const counts = new Array<number>(o.count).fill(0);
  const reqs: ClientRequest[] = [];
  await Promise.all(cookies.map((cookie, i) => new Promise<void>((resolve, reject) => {
    const req = request(`${o.url}/console/api/live`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`console viewer ${i}: ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (s: string) => (counts[i] += s.split('\n\n').length - 1));
      resolve();
    });
    req.on('error', (e) => (counts[i] === 0 ? reject(e) : undefined));
    req.end();
    reqs.push(req);
  })));
  return { frames: () => [...counts], stop: () => reqs.forEach((r) => r.destroy()) };
}
