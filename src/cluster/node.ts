/** @module One `guichet serve` process of the cluster: start it and wait until it listens, stop it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARENT_WATCH } from './parent-watch.js';
import { SERVING_ADDRESS } from '../server/banner.js';

/** Whether we run from the sources (tsx): the nodes then do too. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const MAIN = fileURLToPath(new URL(`../cli/main.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url));

export interface ClusterNode {
  /** 1-based, as HAProxy names it (node1, node2, ...). */
  index: number;
  url: string;
  pid: number;
  child: ChildProcess;
  stderr: () => string;
}

export interface NodeLaunch {
  index: number;
  /** 0: one the system picks (first start); a restart asks for the port it had, the one HAProxy's server line names. */
  port: number;
  /** `guichet serve` arguments other than --port: the same at every restart. */
  args: string[];
  /** Where node<index>.log goes (appended to: a restarted node's lines follow the dead one's). */
  workDir: string;
  env?: NodeJS.ProcessEnv;
  nodeFlags?: string[];
  /** Told of the process as soon as it exists: stopping and the exit cleanup must reach a node that is still starting. */
  onSpawn?: (child: ChildProcess) => void;
}

/** One `guichet serve` on loopback only (clients reach it through the balancer); resolves once it listens. */
export function startNode(l: NodeLaunch): Promise<ClusterNode> {
  const { index } = l;
  const logFd = openSync(join(l.workDir, `node${index}.log`), 'a');
  // stdin stays an open pipe: parent-watch in the node stops it when this process is gone, even after a kill -9.
  const child = spawn(process.execPath, [...(l.nodeFlags ?? []), ...(FROM_SOURCE ? ['--import', 'tsx'] : []), ...PARENT_WATCH, MAIN,
    'serve', '--port', String(l.port), ...l.args], {
    env: { ...process.env, ...l.env, GUICHET_HOST: '127.0.0.1' },
    stdio: ['pipe', logFd, 'pipe'],
  });
  closeSync(logFd);
  l.onSpawn?.(child);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    err = (err + d).slice(-65_536);
  });
  return new Promise((resolve, reject) => {
    // Loading a large registry into memory takes a while: minutes, not hours.
    const timer = setTimeout(() => fail(new Error(`node${index} did not start within 300 s:\n${lastLines(err)}`)), 300_000);
    const poll = setInterval(() => {
      const m = SERVING_ADDRESS.exec(err);
      if (m) done(() => resolve({ index, url: m[1], pid: child.pid ?? 0, child, stderr: () => err }));
    }, 25);
    child.once('exit', (code, signal) => fail(new Error(`node${index} stopped while starting (${signal ? `signal ${signal}` : `exit ${code}`}):\n${lastLines(err)}`)));
    function fail(e: Error): void {
      done(() => {
        child.kill('SIGKILL');
        reject(e);
      });
    }
    function done(f: () => void): void {
      clearInterval(poll);
      clearTimeout(timer);
      f();
    }
  });
}

export const running = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

export const lastLines = (s: string, n = 15): string => s.trim().split('\n').slice(-n).join('\n');

/** Signal, wait for the exit, force after `graceMs`. */
export function stopChild(c: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!running(c)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
    c.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    c.kill(signal);
  });
}
