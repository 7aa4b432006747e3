/** @module The crowd: N people arriving within one second, each on their own connection, coming back when told (202 answers, docs/api.md). */
import { request } from 'node:http';
import { readFileSync } from 'node:fs';

export interface CrowdSpec {
  url: string;
  metersFile: string;
  people: number;
  /** Arrivals are spread evenly over this many milliseconds ("in the same second"). */
  arrivalMs: number;
  /** The whole crowd gives up after this (the bench's --duration). */
  capS: number;
}

/** What happened to one person; times in seconds since the crowd started. */
export interface Person {
  arrived: number;
  /** First answer: its status, and when it was 202 the place and the promised wait. */
  firstStatus: number;
  firstAt: number;
  position: number | null;
  eta: number | null;
  /** When a 200 finally came (null: never, within the cap). */
  servedAt: number | null;
  visits: number;
  statuses: Record<string, number>;
  errors: number;
}

interface Answer { status: number; body: Record<string, unknown>; retryAfter: number | null }

function post(url: URL, payload: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // agent: false: each visit is a new connection, as for people on their own phones.
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let body: Record<string, unknown> = {};
        try { body = JSON.parse(text) as Record<string, unknown>; } catch { /* a non-JSON answer is counted by status */ }
        const ra = Number(res.headers['retry-after']);
        resolve({ status: res.statusCode ?? 0, body, retryAfter: Number.isFinite(ra) ? ra : null });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function person(spec: CrowdSpec, url: URL, meter: string, arriveMs: number, t0: number, deadline: number): Promise<Person> {
  await sleep(arriveMs);
  const now = () => (performance.now() - t0) / 1000;
  const p: Person = { arrived: now(), firstStatus: 0, firstAt: 0, position: null, eta: null, servedAt: null, visits: 0, statuses: {}, errors: 0 };
  let pass: string | null = null;
  while (performance.now() < deadline) {
    p.visits++;
    let a: Answer;
    try {
      a = await post(url, JSON.stringify(pass ? { meter_no: meter, pass } : { meter_no: meter }));
    } catch {
      p.errors++;
      await sleep(1000);
      continue;
    }
    p.statuses[a.status] = (p.statuses[a.status] ?? 0) + 1;
    if (p.firstStatus === 0) {
      p.firstStatus = a.status;
      p.firstAt = now();
      if (a.status === 202) {
        p.position = typeof a.body.position === 'number' ? a.body.position : null;
        p.eta = typeof a.body.eta_s === 'number' ? a.body.eta_s : null;
      }
    }
    if (a.status === 200) {
      p.servedAt = now();
      return p;
    }
    if (a.status === 202 && typeof a.body.pass === 'string') pass = a.body.pass;
    else if (a.status !== 202 && a.status !== 429 && a.status !== 503) return p; // a refusal: coming back changes nothing
    // Come back when told (Retry-After), as the waiting page does; the ETA when the header is missing.
    const wait = a.retryAfter ?? (typeof a.body.eta_s === 'number' ? a.body.eta_s : 1);
    await sleep(Math.max(0, Math.min(wait * 1000, deadline - performance.now())));
  }
  return p;
}

if (process.argv[2]) {
  const spec = JSON.parse(process.argv[2]) as CrowdSpec;
  const meters = readFileSync(spec.metersFile, 'utf8').split('\n').filter((l) => l.length > 0).slice(0, spec.people);
  const url = new URL('/api/v1/claims', spec.url);
  const t0 = performance.now();
  const deadline = t0 + spec.capS * 1000;
  const people = await Promise.all(meters.map((m, i) => person(spec, url, m, (i / meters.length) * spec.arrivalMs, t0, deadline)));
  process.stdout.write(`CROWDJSON ${JSON.stringify(people)}\n`, () => process.exit(0));
}
