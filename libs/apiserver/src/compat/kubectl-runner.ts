// Runs the REAL kubectl binaries against a server under test. Every runner owns a fresh HOME (so no
// discovery or /version cache leaks between test files) holding a kubeconfig for the given server.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { createKubectlHome } from '@groundkube/testing';

/**
 * The dispatcher on PATH (it picks the built-in 1.32 for minor "32"), two older clients, and groundkube's
 * own kubectl as bundled by `node tools/build/bundle.mjs apps/kubectl` (run with this Node).
 */
export const KUBECTL_BINARIES = {
  dispatcher: '/usr/bin/kubectl',
  v1_27: '/usr/lib/google-cloud-sdk/bin/kubectl.1.27',
  v1_29: '/usr/lib/google-cloud-sdk/bin/kubectl.1.29',
  groundkube: path.resolve(__dirname, '../../../../dist/apps/kubectl/main.js'),
} as const;

/** The command line that runs `binary`: groundkube's kubectl is a script for Node. */
function commandFor(
  binary: KubectlBinary,
  args: readonly string[],
  groundkubeScript?: string,
): [string, string[]] {
  const file =
    binary === 'groundkube' ? (groundkubeScript ?? KUBECTL_BINARIES.groundkube) : KUBECTL_BINARIES[binary];
  return binary === 'groundkube' ? [process.execPath, [file, ...args]] : [file, [...args]];
}

export type KubectlBinary = keyof typeof KUBECTL_BINARIES;

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly binary?: KubectlBinary;
  /** Text fed to stdin (for `-f -`). */
  readonly stdin?: string;
  /** Kills kubectl after this long; the result then has a non-zero code. */
  readonly timeoutMs?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/** A kubectl started in the background (e.g. `get -w`), whose output is collected as it arrives. */
export interface RunningKubectl {
  /** Resolves with stdout once `predicate` holds for it; rejects when the deadline passes first. */
  waitForOutput(predicate: (stdout: string) => boolean, timeoutMs: number): Promise<string>;
  stdout(): string;
  stderr(): string;
  /** Stops kubectl (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface KubectlRunner extends AsyncDisposable {
  readonly home: string;
  run(args: readonly string[], options?: RunOptions): Promise<KubectlResult>;
  start(args: readonly string[], options?: Omit<RunOptions, 'stdin' | 'timeoutMs'>): RunningKubectl;
  /** Writes a file into the runner's HOME and returns its path (for `-f`). */
  writeFile(name: string, content: string): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * Creates a runner for `server` (e.g. http://127.0.0.1:41234). Never point it at 8080 or a shared
 * cluster: tests start their own server on a free port.
 */
export async function createKubectlRunner(options: {
  server: string;
  namespace?: string;
  /** groundkube's kubectl bundle to run for binary `groundkube` (default: dist/apps/kubectl/main.js). */
  groundkubeScript?: string;
}): Promise<KubectlRunner> {
  const kubectlHome = await createKubectlHome({
    prefix: 'groundkube-kubectl-',
    server: options.server,
    namespace: options.namespace ?? 'default',
    exportKubeconfig: true,
  });
  const { home } = kubectlHome;
  const children = new Set<ReturnType<typeof spawn>>();

  const environment = (extra: Readonly<Record<string, string>> = {}) => ({ ...kubectlHome.env, ...extra });

  const runner: KubectlRunner = {
    home,
    run(args, runOptions = {}) {
      const [file, argv] = commandFor(runOptions.binary ?? 'dispatcher', args, options.groundkubeScript);
      return kubectlHome.run([file], argv, {
        timeoutMs: runOptions.timeoutMs ?? 60_000,
        ...(runOptions.env === undefined ? {} : { env: runOptions.env }),
        ...(runOptions.stdin === undefined ? {} : { stdin: runOptions.stdin }),
      });
    },
    start(args, startOptions = {}) {
      const [file, argv] = commandFor(startOptions.binary ?? 'dispatcher', args, options.groundkubeScript);
      const child = spawn(file, argv, {
        env: environment(startOptions.env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let out = '';
      let err = '';
      const listeners = new Set<() => void>();
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        for (const listener of listeners) listener();
      });
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return {
        stdout: () => out,
        stderr: () => err,
        waitForOutput(predicate, timeoutMs) {
          return new Promise((resolve, reject) => {
            const check = () => {
              if (!predicate(out)) return;
              cleanup();
              resolve(out);
            };
            const timer = setTimeout(() => {
              cleanup();
              reject(
                new Error(
                  `kubectl ${args.join(' ')}: output not seen in ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`,
                ),
              );
            }, timeoutMs);
            const cleanup = () => {
              clearTimeout(timer);
              listeners.delete(check);
            };
            listeners.add(check);
            check();
          });
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
          children.delete(child);
        },
      };
    },
    async writeFile(name, content) {
      const file = path.join(home, name);
      await writeFile(file, content);
      return file;
    },
    async dispose() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      children.clear();
      await kubectlHome[Symbol.asyncDispose]();
    },
    [Symbol.asyncDispose]() {
      return runner.dispose();
    },
  };
  return runner;
}

/** Splits kubectl's table output into rows of whitespace-separated cells (header first). */
export function tableLines(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s{2,}/));
}
