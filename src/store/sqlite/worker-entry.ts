/** @module The entry of a worker thread beside its client module: its .js file when built, a tsx bootstrap under tsx (tests). */

/**
 * Built, the worker is its .js file. Under tsx (tests), Node 20 does not apply tsx's hooks to a worker's entry
 * module, so a one-line bootstrap registers tsx in the new thread and then imports the .ts worker.
 */
export function workerEntry(from: URL, name: string): URL {
  const ts = from.pathname.endsWith('.ts');
  const worker = new URL(`./${name}.${ts ? 'ts' : 'js'}`, from);
  if (!ts) return worker;
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(worker.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
