/** @module A real `guichet serve` process for crash and load tests: start, wait for its address, kill. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVING_ADDRESS } from '../server/banner.js';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function spawnServer(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, GUICHET_HOST: '127.0.0.1', GUICHET_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${err}`)), 120_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = SERVING_ADDRESS.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${err}`));
    });
  });
  return {
    url, child, stderr: () => err,
    kill: (signal = 'SIGTERM') => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    }),
  };
}
