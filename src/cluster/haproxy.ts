/** @module HAProxy for `guichet cluster`: find the binary, render deploy/haproxy/guichet.cfg for local nodes, run it. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The production template; the cluster uses it as written except for the tagged lines (see its header). */
export const TEMPLATE = fileURLToPath(new URL('../../deploy/haproxy/guichet.cfg', import.meta.url));

export class HaproxyMissing extends Error {
  constructor() {
    super('haproxy is not installed: apt-get install haproxy (Debian package; it is the load balancer in front of the nodes)');
  }
}

/** HAProxy lives in /usr/sbin on Debian, which an ordinary user's PATH often lacks. GUICHET_HAPROXY overrides. */
export function findHaproxy(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.GUICHET_HAPROXY) return existsSync(env.GUICHET_HAPROXY) ? env.GUICHET_HAPROXY : null;
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const d of dirs) {
    if (d && existsSync(join(d, 'haproxy'))) return join(d, 'haproxy');
  }
  return null;
}

export interface RenderOptions {
  /** host:port the balancer listens on. */
  bind: string;
  maxconn: number;
  /** Nodes as host:port, named node1, node2, ... (the names HAProxy logs). */
  servers: string[];
}

/** The template with its tagged lines replaced; throws when a tag is missing (an edited template must keep them). */
export function renderConfig(template: string, o: RenderOptions): string {
  const lines = template.split('\n');
  const tagged = (tag: string, make: (indent: string) => string) => {
    const i = lines.findIndex((l) => l.trimEnd().endsWith(`# ${tag}`));
    if (i < 0) throw new Error(`the HAProxy template has no line tagged "# ${tag}"`);
    lines[i] = make(/^\s*/.exec(lines[i])![0]);
  };
  tagged('@maxconn', (ind) => `${ind}maxconn ${o.maxconn}`);
  tagged('@bind', (ind) => `${ind}bind ${o.bind}`);
  const begin = lines.findIndex((l) => l.trim() === '# @servers begin');
  const end = lines.findIndex((l) => l.trim() === '# @servers end');
  if (begin < 0 || end < begin) throw new Error('the HAProxy template has no "# @servers begin" ... "# @servers end" block');
  const ind = /^\s*/.exec(lines[begin])![0];
  lines.splice(begin + 1, end - begin - 1, ...o.servers.map((s, i) => `${ind}server node${i + 1} ${s}`));
  return lines.join('\n');
}

/**
 * The most connections HAProxy can hold under this process's hard file limit (two descriptors each, plus room for
 * the checks and its own files), never more than the template's production figure.
 */
export function maxconnFor(hardFileLimit: number | null, ceiling = 40_000): number {
  if (hardFileLimit === null) return 4000;
  return Math.max(256, Math.min(ceiling, Math.floor((hardFileLimit - 500) / 2)));
}

export function hardFileLimit(): number | null {
  const r = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const t = r.stdout?.trim();
  if (t === 'unlimited') return 1_048_576;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * Runs HAProxy in the foreground (-db) under a small shell that stops it when our end of its stdin closes, so a
 * launcher killed with SIGKILL does not leave a balancer behind, and turns our SIGTERM into HAProxy's soft stop
 * (SIGUSR1: no new connections, exchanges in flight finish, at most hard-stop-after).
 */
const WATCH = `exec 3<&0
"$0" -db -f "$1" </dev/null &
h=$!
trap 'kill -USR1 $h 2>/dev/null' TERM INT
( cat <&3 >/dev/null; kill $h 2>/dev/null ) &
exec 3<&-
s=0
while kill -0 $h 2>/dev/null; do wait $h; s=$?; done
exit $s`;

export function spawnHaproxy(binary: string, configFile: string): ChildProcess {
  return spawn('sh', ['-c', WATCH, binary, configFile], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A node's health as HAProxy reports it ("Server nodes/node2 is DOWN, reason: ..."), from its log lines. */
export function healthChange(line: string): { server: string; state: 'UP' | 'DOWN'; reason: string } | null {
  const m = /Server nodes\/(\S+) is (UP|DOWN)(?:, reason: ([^,]+(?:, code: \d+)?))?/.exec(line);
  return m ? { server: m[1], state: m[2] as 'UP' | 'DOWN', reason: m[3] ?? '' } : null;
}

export const readTemplate = (): string => readFileSync(TEMPLATE, 'utf8');
