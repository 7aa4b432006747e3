/** @module Runs the console's commands as real processes (through tsx), plainly or on a pseudo-terminal for the password prompt. */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** stdin is not a terminal here: what a script or a pipeline sees. */
export function consoleCli(args: string[], env: Record<string, string> = {}): Ran {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * On a pseudo-terminal (util-linux `script`), answering each prompt once it shows: written before the command has
 * turned echo off, an answer would be echoed by the terminal itself and the test would prove nothing.
 * `answers`: [text the prompt ends with, what to type]. The transcript is stdout and stderr together, as on a screen.
 */
export function consoleCliOnTty(args: string[], answers: [string, string][]): Promise<{ code: number; screen: string }> {
  const cmd = [process.execPath, '--import', 'tsx', MAIN, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end in time; screen so far:\n${screen}`));
    }, 120_000);
    const onOutput = (d: Buffer) => {
      screen += d.toString();
      while (next < answers.length && screen.split(answers[next][0]).length - 1 > countBefore(next)) {
        child.stdin.write(`${answers[next][1]}\r`);
        next += 1;
      }
    };
    // How many times answer i's prompt text had shown before it was due: the same prompt may come twice.
    const countBefore = (i: number) => answers.slice(0, i).filter((a) => a[0] === answers[i][0]).length;
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen });
    });
  });
}

/** Whether this machine has `script` (util-linux), for the prompt tests. */
export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}
