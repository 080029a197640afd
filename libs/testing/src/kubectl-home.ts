// A kubectl run as a user would run it, but isolated: a fresh HOME per runner (kubectl caches discovery and
// /version under ~/.kube/cache, which must not leak between tests), with a kubeconfig naming the server.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export interface KubeconfigOptions {
  /** e.g. http://127.0.0.1:41234 */
  readonly server: string;
  /** The cluster, user and context name. */
  readonly name?: string;
  /** The context's namespace; kubectl's default ("default") when not given. */
  readonly namespace?: string;
}

/** A kubeconfig with one cluster, an anonymous user and a current context joining them. */
export function kubeconfigFor({ server, name = 'groundkube', namespace }: KubeconfigOptions): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    `  cluster: {server: "${server}"}`,
    'users:',
    `- name: ${name}`,
    '  user: {}',
    'contexts:',
    `- name: ${name}`,
    `  context: {cluster: ${name}, user: ${name}${namespace === undefined ? '' : `, namespace: ${namespace}`}}`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunKubectlOptions {
  /** Text fed to stdin (for `-f -`). */
  readonly stdin?: string;
  /** Kills kubectl after this long; the result then has code 124. Default 90 s. */
  readonly timeoutMs?: number;
  /** Added to the home's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** The working directory; the home by default. */
  readonly cwd?: string;
}

export interface KubectlHome extends AsyncDisposable {
  /** The folder used as HOME. */
  readonly home: string;
  /** The kubeconfig's path, when the home has one. */
  readonly kubeconfig: string | undefined;
  /** The environment kubectl runs with: PATH, HOME, LANG (and KUBECONFIG when there is one). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Runs `command` (the program and its leading arguments, e.g. [realKubectl()] or [process.execPath, main.js])
   * with `args`. Never rejects: a kubectl that fails or is killed gives its code and output.
   */
  run(
    command: readonly string[],
    args: readonly string[],
    options?: RunKubectlOptions,
  ): Promise<KubectlResult>;
}

export interface KubectlHomeOptions extends Partial<KubeconfigOptions> {
  /** The temporary folder's name prefix, e.g. "gk-cluster-e2e-real-". */
  readonly prefix: string;
  /** Also set KUBECONFIG to the kubeconfig (otherwise kubectl finds it in HOME). */
  readonly exportKubeconfig?: boolean;
  /** PATH for kubectl; this process's by default. */
  readonly path?: string;
}

/** Creates a fresh HOME; with `server`, it holds a kubeconfig naming that server. */
export async function createKubectlHome(options: KubectlHomeOptions): Promise<KubectlHome> {
  const home = await mkdtemp(path.join(os.tmpdir(), options.prefix));
  let kubeconfig: string | undefined;
  if (options.server !== undefined) {
    kubeconfig = path.join(home, '.kube', 'config');
    await mkdir(path.dirname(kubeconfig), { recursive: true });
    await writeFile(kubeconfig, kubeconfigFor({ ...options, server: options.server }));
  }
  const env: NodeJS.ProcessEnv = {
    PATH: options.path ?? process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    ...(options.exportKubeconfig === true && kubeconfig !== undefined ? { KUBECONFIG: kubeconfig } : {}),
  };
  return {
    home,
    kubeconfig,
    env,
    run: (command, args, runOptions = {}) =>
      runKubectl(command, args, { cwd: home, ...runOptions, env: { ...env, ...runOptions.env } }),
    [Symbol.asyncDispose]: () => rm(home, { recursive: true, force: true }),
  };
}

/** Runs one kubectl to the end and collects its exit code and output. */
export function runKubectl(
  command: readonly string[],
  args: readonly string[],
  options: RunKubectlOptions = {},
): Promise<KubectlResult> {
  const [program, ...leading] = command;
  if (program === undefined) return Promise.reject(new Error('runKubectl: no program given'));
  return new Promise((resolve) => {
    const child = execFile(
      program,
      [...leading, ...args],
      {
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        ...(options.env === undefined ? {} : { env: options.env }),
        timeout: options.timeoutMs ?? 90_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code =
          error === null ? 0 : typeof error.code === 'number' ? error.code : error.killed ? 124 : 1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}
