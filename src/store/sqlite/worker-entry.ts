/** @module The entry of a worker thread beside its client module: its .js file when built, a tsx bootstrap under tsx (tests). */

/**
 * Built, the worker is its .js file. Under tsx (tests), Node 20 does not apply tsx's hooks to a worker's entry
 * module, so a one-line bootstrap registers tsx in the new thread and then imports the .ts worker.
 */
export function workerEntry(from: URL, name: string): URL {
  const worker = siblingModule(from, name);
  if (!worker.pathname.endsWith('.ts')) return worker;
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(worker.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** The module `name` beside `from`: its .js file when built, its .ts file under tsx (a thread with tsx registered imports it). */
export function siblingModule(from: URL, name: string): URL {
  return new URL(`./${name}.${from.pathname.endsWith('.ts') ? 'ts' : 'js'}`, from);
}
