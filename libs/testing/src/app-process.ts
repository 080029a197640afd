// The workspace's apps as end-to-end tests run them: bundled from this checkout (tools/build/bundle.mjs),
// started with this Node, their output kept so that a failure can show what the process printed.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The workspace root (from the sources under jest, or from a bundle in dist/apps/<app>/). */
export const WORKSPACE = path.resolve(__dirname, '../../..');

/** Bundles apps/<app> and returns the path of its dist/apps/<app>/main.js. */
export async function buildApp(app: string, workspace = WORKSPACE): Promise<string> {
  await exec(process.execPath, ['tools/build/bundle.mjs', `apps/${app}`], { cwd: workspace });
  return path.join(workspace, 'dist/apps', app, 'main.js');
}

export interface StartAppOptions {
  /** Added to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** Where everything the app prints is also written (kept after the run). */
  readonly logFile?: string;
  /** After stop()'s signal, SIGKILL if the app is still running this long after; by default it waits. */
  readonly killAfterMs?: number;
  /** The working directory; the workspace root by default. */
  readonly cwd?: string;
}

export interface AppProcess {
  readonly child: ChildProcess;
  /** Everything it printed on stdout and stderr so far (the last megabyte or so). */
  output(): string;
  /** Sends `signal` (SIGTERM by default) unless it already exited; resolves with its exit code once it has. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const KEEP_CHARS = 1_000_000;

/** Starts `node script ...args`, output piped and kept. */
export function startApp(script: string, args: readonly string[], options: StartAppOptions = {}): AppProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd ?? WORKSPACE,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log = options.logFile === undefined ? undefined : openLog(options.logFile);
  if (log !== undefined) child.once('exit', () => log.end());
  let out = '';
  const keep = (chunk: Buffer): void => {
    log?.write(chunk);
    out += chunk.toString();
    if (out.length > 2 * KEEP_CHARS) out = out.slice(-KEEP_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  return {
    child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const { killAfterMs } = options;
      const timer =
        killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

function openLog(file: string): ReturnType<typeof createWriteStream> {
  mkdirSync(path.dirname(file), { recursive: true });
  return createWriteStream(file);
}
