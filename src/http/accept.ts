/**
 * @module More accept handles on the node's one listening socket, so a crowd of new connections is let in while
 * thousands of open ones keep the event loop busy.
 */
// Why: libuv (Node 20's 1.46) accepts ONE connection per listening handle per turn of the event loop, and under
// thousands of busy keep-alive connections a turn is long (up to 1,024 ready sockets, each a request). Measured
// with a bare node:http server and 16,000 hammering clients: about 50 accepts/s after the first second, the
// 4,096-long listen queue full, and only 4,100 of the 16,000 connections ever answered. Node 20 has no
// SO_REUSEPORT, so we take more handles of the same socket instead: the listening handle goes to a short-lived
// child over IPC and comes back as a new descriptor (the way `cluster` shares a socket), N times. Each handle then
// accepts one connection per turn. A raw handle (not a net.Server) crosses, so the child never listens or accepts.
// The cost: a new connection wakes every handle and all but one find the queue empty (EAGAIN), about 1.6 µs each
// (a connection arriving alone: 0.7 ms of CPU with 256 handles); keep-alive traffic does not see it. Each handle
// is a descriptor of the per-process limit. accept-surge.ts adds more only while the listen queue is deep.
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';

/**
 * The listen backlog of the node's port (the kernel caps it at net.core.somaxconn, 4,096 here). Every extra handle
 * must listen with it too: listen() on a socket that already listens sets its backlog again, and Node's default for
 * `listen(handle)` is 511, which shrank the queue of the shared socket to 512 (issue 13: a flood of new connections
 * overflowed it, clients retried their SYNs or data for seconds, and some timed out or were reset).
 */
export const LISTEN_BACKLOG = 4096;

// The child hangs up itself once its last copy is sent: a parent that disconnected first would race the IPC
// channel's own acknowledgement of that handle (a TypeError inside Node, after the fact).
const ECHO = "const n=+process.argv[1];let s=0;process.on('message',(m,h)=>process.send(m,h,()=>{if(++s===n)process.disconnect()}));process.on('disconnect',()=>process.exit(0))";
const TWIN = Symbol('guichet.twinServer');

type WithTwin = Server & { [TWIN]?: () => Server };

/** Remembers how to build another server with the same handler and timeouts (called by the app's server factory). */
export function rememberTwin(server: Server, make: () => Server): Server {
  (server as WithTwin)[TWIN] = make;
  return server;
}

export interface AcceptHandles {
  /** The extra servers, one per handle (for counting connections, closing). */
  readonly servers: Server[];
  close(): Promise<void>;
}

/**
 * Adds `count` accept handles to the listening `main` server; each serves its connections exactly like the main
 * one. `onServer` lets the caller attach what it attached to the main server (the per-address connection count).
 */
export async function addAcceptHandles(main: Server, count: number, onServer: (s: Server) => void = () => {}): Promise<AcceptHandles> {
  const make = (main as WithTwin)[TWIN];
  const handle = (main as unknown as { _handle?: object | null })._handle;
  const servers: Server[] = [];
  const close = async () => {
    await Promise.all(servers.map((s) => new Promise<void>((r) => {
      s.close(() => r());
      s.closeIdleConnections();
    })));
  };
  if (count <= 0 || !make || !handle) return { servers, close };
  for (const h of await duplicate(handle, count)) servers.push(serveHandle(main, h, onServer));
  return { servers, close };
}

/** `count` more handles of the listening socket of `main`, not accepting yet (serveHandle starts one); [] when it cannot. */
export async function duplicateHandles(main: Server, count: number): Promise<object[]> {
  const handle = (main as unknown as { _handle?: object | null })._handle;
  if (count <= 0 || !(main as WithTwin)[TWIN] || !handle) return [];
  return duplicate(handle, count);
}

/** A server like `main` accepting on handle `h` from now on; it serves its connections exactly like the main one. */
export function serveHandle(main: Server, h: object, onServer: (s: Server) => void = () => {}): Server {
  const s = (main as WithTwin)[TWIN]!();
  onServer(s);
  // listen(handle) takes an already bound and listening socket: this starts accepting on it, and sets the
  // socket's backlog again (to ours, not Node's 511).
  s.listen(h as Parameters<Server['listen']>[0], LISTEN_BACKLOG);
  return s;
}

/** Closes a handle that never served (a reserve kept for a surge). */
export function closeHandle(h: object): void {
  (h as { close?: () => void }).close?.();
}

/** `count` new descriptors of the same socket, through a child that sends each handle straight back. */
function duplicate(handle: object, count: number): Promise<object[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ECHO, String(count)], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const got: object[] = [];
    let finished = false;
    const done = (e: Error | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(limit);
      child.removeAllListeners('message');
      if (e) {
        child.kill();
        for (const h of got) (h as { close?: () => void }).close?.();
        reject(e);
      } else resolve(got);
    };
    // Never a node that does not start because of this: a helper that does not answer is given up.
    const limit = setTimeout(() => done(new Error('the helper process did not send the accept handles back within 10 s')), 10_000);
    limit.unref();
    child.on('error', (e) => done(e));
    child.on('exit', () => {
      if (got.length < count) done(new Error(`the helper process ended after ${got.length} of ${count} accept handles`));
    });
    child.on('message', (_m, h) => {
      if (h) got.push(h as object);
      if (got.length === count) done(null);
    });
    // keepOpen: the main handle stays open and listening here while its copies travel.
    for (let i = 0; i < count; i++) child.send(i, handle as never, { keepOpen: true });
  });
}
