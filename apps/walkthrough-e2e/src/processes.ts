// Child processes of the suite: the built apps, run with `node`, their output kept for failure messages.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

export const exec = promisify(execFile);
export const WORKSPACE = path.resolve(__dirname, '../../..');
/** Where the suite keeps the full output of the processes it starts. */
export const LOG_DIR = path.join(WORKSPACE, '.groundkube', 'test', 'walkthrough-e2e');

/** Bundles an app with the workspace's esbuild script, so the suite runs the code of this checkout. */
export async function buildApp(app: 'apiserver' | 'kubelet' | 'kubectl'): Promise<string> {
  await exec(process.execPath, ['tools/build/bundle.mjs', `apps/${app}`], { cwd: WORKSPACE });
  return path.join(WORKSPACE, 'dist/apps', app, 'main.js');
}

export interface AppProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far (the last megabyte or so). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `node script args`; everything it prints also goes to `logFile`, kept after the run. */
export function startApp(script: string, args: string[], logFile: string): AppProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: WORKSPACE,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  child.once('exit', () => log.end());
  let out = '';
  const keep = (chunk: Buffer): void => {
    log.write(chunk);
    out += chunk.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Thrown by a probe to stop `until` at once (the process it waits for is gone). */
export class Exited extends Error {}

/** Polls `probe` until it returns a value (not undefined); the last error or value goes into the timeout message. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      if (err instanceof Exited) throw err;
      last = `: ${String(err)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last}`);
}
