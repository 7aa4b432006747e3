/** @module Preloaded (`node --import`) into every process a bench starts: when the bench's end of stdin closes, stop. */

// Why: a bench killed with SIGKILL cannot kill its children, but the pipe it held closes with it. The handle is
// unref'd so it never keeps a finished process alive; SIGTERM lets a server close cleanly (and a profiler write).
// Worker threads inherit --import too, and their process.stdin is an empty stream: only the main thread watches.
// A data: URL rather than a file: under tsx, Node 20 would not load a .ts preload inside the node's worker threads.
const CODE = `import { isMainThread } from 'node:worker_threads';
if (isMainThread) {
  const stdin = process.stdin;
  stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
  stdin.resume();
  stdin.unref?.();
}`;

/** The node flags that preload the watch. */
export const PARENT_WATCH = ['--import', `data:text/javascript,${encodeURIComponent(CODE)}`];
