// Runs the real kubectl and groundkube's kubectl (dist/apps/kubectl/main.js, with this Node) on the same
// arguments against the same server, from the same folder, with the same kubeconfig, and hands back both
// results normalised so that they can be compared with toEqual.

import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import { createKubectlHome, realKubectl, systemPath, type KubectlResult } from '@groundkube/testing';

import { WORKSPACE } from './cluster';

export type Which = 'real' | 'ours';

export type KubectlRun = KubectlResult;

export interface RunOptions {
  /** Text fed to stdin (for `-f -`). */
  readonly stdin?: string;
  /** Kills kubectl after this long (the run then has code 124). */
  readonly timeoutMs?: number;
}

const OUR_KUBECTL = path.join(WORKSPACE, 'dist/apps/kubectl/main.js');

/**
 * What differs between two runs for reasons that are not kubectl's: the clock (ages, timestamps) and, for
 * objects created once per side, their uid and resourceVersion. Also klog's diagnostic lines, which only the
 * real kubectl writes (e.g. `E1204 08:00:00.000000 123 memcache.go:265] … connection refused`) before its
 * one-line message. Runs of spaces after text are squeezed because a masked age can change a column's width.
 */
export function normalise(run: KubectlRun): KubectlRun {
  const mask = (text: string): string =>
    text
      .split('\n')
      .filter((line) => !/^[IWE]\d{4} \d\d:\d\d:\d\d\.\d+\s/.test(line))
      .join('\n')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>')
      .replace(/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, '<time>')
      .replace(/(?<![\w.-])\d+(?:[smhdy]\d+[smhd]|[smhdy])(?![\w.-])/g, '<age>')
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uid>')
      .replace(/("?resourceVersion"?:\s*)"\d+"/g, '$1"<rv>"')
      .replace(/(?<=\S) {2,}/g, '  ')
      .replace(/[ \t]+$/gm, '');
  return { code: run.code, stdout: mask(run.stdout), stderr: mask(run.stderr) };
}

/** A kubectl left running (`get -w`), its output collected as it comes. */
export interface RunningKubectl {
  stdout(): string;
  /** Resolves once `predicate` holds for stdout; rejects with the output so far after `timeoutMs`. */
  waitFor(predicate: (stdout: string) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves once stdout has not changed for `quietMs` (events still in flight have arrived). */
  settle(quietMs?: number): Promise<void>;
  /** SIGINT (as Ctrl-C would), then the result. */
  stop(): Promise<KubectlRun>;
}

export interface SideBySide extends AsyncDisposable {
  /** The working folder of both kubectls (manifests go here; paths in messages are relative to it). */
  readonly dir: string;
  readonly server: string;
  /** Writes a file under `dir` and returns its relative path. */
  writeFile(name: string, content: string): Promise<string>;
  run(which: Which, args: readonly string[], options?: RunOptions): Promise<KubectlRun>;
  start(which: Which, args: readonly string[]): RunningKubectl;
  /** Both kubectls on the same arguments, normalised; `setup` runs before each side (to reset state). */
  both(
    args: readonly string[],
    options?: RunOptions & { setup?: () => Promise<void> },
  ): Promise<{ real: KubectlRun; ours: KubectlRun }>;
  /** Several commands in a row on each side (real first), `setup` before each side's first command. */
  scenario(
    steps: readonly (readonly string[])[],
    options: RunOptions & { setup: () => Promise<void> },
  ): Promise<{ real: KubectlRun[]; ours: KubectlRun[] }>;
}

/** A fresh HOME (no discovery cache) with a kubeconfig for `server`, shared by both kubectls. */
export async function createSideBySide(server: string): Promise<SideBySide> {
  // The real kubectl: the dispatcher on the system PATH, which runs its built-in 1.32 for minor "32".
  const realCommand = [realKubectl()];
  const kubectlHome = await createKubectlHome({
    prefix: 'groundkube-kubectl-e2e-',
    server,
    namespace: 'default',
    exportKubeconfig: true,
    path: systemPath(),
  });
  const { home, env } = kubectlHome;
  const dir = path.join(home, 'work');
  await mkdir(dir);
  const commandOf = (which: Which): string[] =>
    which === 'real' ? realCommand : [process.execPath, OUR_KUBECTL];

  const run = (which: Which, args: readonly string[], options: RunOptions = {}): Promise<KubectlRun> => {
    return kubectlHome.run(commandOf(which), args, {
      cwd: dir,
      timeoutMs: options.timeoutMs ?? 45_000,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    });
  };

  const start = (which: Which, args: readonly string[]): RunningKubectl => {
    const [file = '', ...leading] = commandOf(which);
    const child = spawn(file, [...leading, ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 130)));
    return {
      stdout: () => out,
      async waitFor(predicate, timeoutMs = 15_000) {
        const deadline = Date.now() + timeoutMs;
        while (!predicate(out)) {
          if (Date.now() > deadline || child.exitCode !== null) {
            throw new Error(
              `${which} kubectl ${args.join(' ')}: not seen in time.\nstdout:\n${out}\nstderr:\n${err}`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      async settle(quietMs = 1_500) {
        let seen = out;
        let since = Date.now();
        while (Date.now() - since < quietMs) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (out !== seen) [seen, since] = [out, Date.now()];
        }
      },
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
        const code = await exited;
        return { code, stdout: out, stderr: err };
      },
    };
  };

  const sides: SideBySide = {
    dir,
    server,
    async writeFile(name, content) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), content);
      return name;
    },
    run,
    start,
    async both(args, options = {}) {
      await options.setup?.();
      const real = normalise(await run('real', args, options));
      await options.setup?.();
      const ours = normalise(await run('ours', args, options));
      return { real, ours };
    },
    async scenario(steps, options) {
      const result: { real: KubectlRun[]; ours: KubectlRun[] } = { real: [], ours: [] };
      for (const which of ['real', 'ours'] as const) {
        await options.setup();
        for (const step of steps) result[which].push(normalise(await run(which, step, options)));
      }
      return result;
    },
    [Symbol.asyncDispose]: () => kubectlHome[Symbol.asyncDispose](),
  };
  return sides;
}
