/** @module How a bench starts `guichet` and its own helper processes: the built CLI (rebuilt when stale) or the sources through tsx. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARENT_WATCH } from '../cluster/parent-watch.js';
import { run } from './processes.js';

/** The project folder: this file is src/bench/runner.ts or dist/bench/runner.js. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Whether this bench itself runs from the sources (tsx): its helper processes then do too. */
const SELF_IS_TS = import.meta.url.endsWith('.ts');

export interface Runner {
  fromSource: boolean;
  /** node flags and script for `guichet <args>`: spawn(process.execPath, [...runner.guichet(args)]). */
  guichet(args: string[], nodeFlags?: string[]): string[];
  /** node flags and script for one of the bench's own modules (baseline-server, loadgen). */
  helper(name: string, args?: string[], nodeFlags?: string[]): string[];
}

/** Every child gets parent-watch preloaded, so it stops when the bench's end of its stdin closes. */
const preload = (ts: boolean): string[] => (ts ? ['--import', 'tsx', ...PARENT_WATCH] : PARENT_WATCH);

export function makeRunner(fromSource: boolean): Runner {
  const selfDir = fileURLToPath(new URL('.', import.meta.url));
  const main = fromSource ? join(ROOT, 'src/cli/main.ts') : join(ROOT, 'dist/cli/main.js');
  return {
    fromSource,
    guichet: (args, nodeFlags = []) => [...nodeFlags, ...preload(fromSource), main, ...args],
    helper: (name, args = [], nodeFlags = []) =>
      [...nodeFlags, ...preload(SELF_IS_TS), join(selfDir, `${name}.${SELF_IS_TS ? 'ts' : 'js'}`), ...args],
  };
}

/** Newest modification time of the sources the build compiles (tests and test support excluded). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (name !== 'test-support') newest = Math.max(newest, newestSource(p));
    } else if ((name.endsWith('.ts') && !name.endsWith('.test.ts')) || name.endsWith('.json')) {
      newest = Math.max(newest, st.mtimeMs);
    }
  }
  return newest;
}

/** Builds dist/ when it is missing or older than a source file; a failed build stops the bench with its errors. */
export async function ensureBuilt(log: (s: string) => void): Promise<void> {
  const built = join(ROOT, 'dist/cli/main.js');
  const needed = !existsSync(built) || statSync(built).mtimeMs < newestSource(join(ROOT, 'src'));
  if (!needed) return;
  log('building (dist/ is missing or older than src/): npm run build');
  const t0 = performance.now();
  const r = await run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
  if (r.code !== 0) {
    const lines = (r.stdout + r.stderr).trim().split('\n').slice(0, 20).join('\n');
    throw new Error(`the build failed (use --no-build to run dist/ as it is, or --from-source):\n${lines}`);
  }
  log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
