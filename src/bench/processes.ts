/** @module Child processes of a bench run: every one is tracked and killed on exit or Ctrl-C, so no server outlives the run. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

const live = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];
let installed = false;

/** Last-resort exit hooks: SIGKILL whatever is still running, then run the cleanups (temp dirs). */
function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
    for (const f of cleanups.splice(0)) {
      try { f(); } catch { /* best effort at exit */ }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`\nguichet bench: ${sig}, stopping every process started by this run`);
      process.exit(130);
    });
  }
}

/** Runs `f` when the bench process exits, whatever the cause (not on SIGKILL, which nothing can catch). */
export function atExit(f: () => void): void {
  install();
  cleanups.push(f);
}

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the exit code (or 128 + signal number style negative code) once the process is gone. */
  exited: Promise<number>;
}

/**
 * Spawns a tracked child. stdin stays an open pipe: our children watch it (parent-watch.ts) and stop when it
 * closes, which also covers a bench killed with SIGKILL.
 */
export function track(cmd: string, args: string[], opts: SpawnOptions & { logFile?: string } = {}): Spawned {
  install();
  const logFd = opts.logFile ? openSync(opts.logFile, 'a') : null;
  const child = spawn(cmd, args, {
    ...opts,
    // A server's log goes to a file, not a pipe we would have to drain: a full pipe would stall the server.
    stdio: opts.stdio ?? ['pipe', logFd ?? 'ignore', 'pipe'],
  });
  if (logFd !== null) closeSync(logFd);
  live.add(child);
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => { live.delete(child); resolve(-1); });
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? (signal ? -1 : 0));
    });
  });
  return { child, exited };
}

/** Asks a child to stop (SIGTERM, so a server finishes its answers and a profiler writes its file), then forces it. */
export async function stop(p: Spawned, graceMs = 15_000): Promise<number> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.exited;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}

/** Collects a stream's text, keeping only the last `max` characters (stderr of a long run). */
export function tail(stream: NodeJS.ReadableStream | null, max = 64 * 1024): () => string {
  let buf = '';
  stream?.setEncoding?.('utf8');
  stream?.on('data', (d: string) => {
    buf += d;
    if (buf.length > max) buf = buf.slice(-max);
  });
  return () => buf;
}

/** Resolves with the first match of `re` in a stream's text; rejects when the process exits first or on timeout. */
export function waitForLine(p: Spawned, read: () => string, re: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const m = read().match(re);
      if (m) return done(() => resolve(m));
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        done(() => reject(new Error(`${what} stopped before it was ready:\n${read().trim().split('\n').slice(-15).join('\n')}`)));
      }
    }, 25);
    const timer = setTimeout(() => done(() => reject(new Error(`${what} not ready after ${timeoutMs / 1000} s`))), timeoutMs);
    function done(f: () => void): void {
      clearInterval(poll);
      clearTimeout(timer);
      f();
    }
  });
}

/** Runs a command to completion, capturing its output; the child is tracked like the servers. */
export async function run(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // stdin a pipe we keep open: parent-watch in the child reads its end as "the bench is gone".
  const p = track(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = tail(p.child.stdout, 4 * 1024 * 1024);
  const err = tail(p.child.stderr, 256 * 1024);
  // 'close', not 'exit': only then has every chunk of output been read.
  const closed = new Promise((r) => p.child.once('close', r));
  const code = await p.exited;
  if (p.child.pid !== undefined) await closed;
  return { code, stdout: out(), stderr: err() };
}
