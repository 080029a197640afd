// Runs a kubectl as a user would against the cluster: the real one (`kubectl` on the system PATH, never node_modules/.bin) or ours (the bundle in
// dist/apps/kubectl), each in a fresh HOME whose kubeconfig names the cluster's API server (the real kubectl
// caches discovery and /version under ~/.kube/cache, which must not leak between runs).

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { realKubectl } from '@groundkube/testing';

export const WORKSPACE = path.resolve(__dirname, '../../..');
export const OUR_KUBECTL = path.join(WORKSPACE, 'dist/apps/kubectl/main.js');

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl extends AsyncDisposable {
  /** "real" or "ours". */
  readonly label: string;
  /** HOME and working directory, where manifests can be written. */
  readonly home: string;
  run(...args: string[]): Promise<KubectlResult>;
  /** Like run, but rejects with the output when the exit code is not 0. */
  ok(...args: string[]): Promise<string>;
}

function kubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: e2e',
    `  cluster: {server: "${server}"}`,
    'users:',
    '- name: e2e',
    '  user: {}',
    'contexts:',
    '- name: e2e',
    '  context: {cluster: e2e, user: e2e}',
    'current-context: e2e',
    '',
  ].join('\n');
}

export async function kubectlFor(label: 'real' | 'ours', server: string): Promise<Kubectl> {
  const home = await mkdtemp(path.join(os.tmpdir(), `gk-cluster-e2e-${label}-`));
  await mkdir(path.join(home, '.kube'));
  await writeFile(path.join(home, '.kube', 'config'), kubeconfig(server));
  const [program, ...leading] = label === 'real' ? [realKubectl()] : [process.execPath, OUR_KUBECTL];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
  };
  const run = (...args: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      execFile(
        program!,
        [...leading, ...args],
        { cwd: home, env, timeout: 90_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  return {
    label,
    home,
    run,
    ok: async (...args) => {
      const result = await run(...args);
      if (result.code !== 0) {
        throw new Error(
          `${label} kubectl ${args.join(' ')} exited with ${result.code}:\n${result.stdout}${result.stderr}`,
        );
      }
      return result.stdout;
    },
    [Symbol.asyncDispose]: () => rm(home, { recursive: true, force: true }),
  };
}

/** Polls fn until it returns a value other than undefined, or fails with the last error after timeoutMs. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ''}`,
  );
}
