// Runs a kubectl as a user types it: in a fresh HOME (the real kubectl caches discovery and /version under
// ~/.kube/cache), with no flags. With the API server on 8080 there is no kubeconfig at all and kubectl
// falls back to localhost:8080 as in the post; on another port (8080 taken by a dev cluster) the fresh HOME
// gets a kubeconfig naming that server: still no flags on the command line.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { SEED_PORT } from './walkthrough-cluster';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl extends AsyncDisposable {
  /** e.g. "the real kubectl" */
  readonly label: string;
  /** The folder used as HOME (and as the working directory, where manifests are written). */
  readonly home: string;
  run(...args: string[]): Promise<KubectlResult>;
}

function kubeconfigFor(port: number): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: walkthrough`,
    `  cluster: {server: "http://127.0.0.1:${port}"}`,
    'users:',
    '- name: walkthrough',
    '  user: {}',
    'contexts:',
    '- name: walkthrough',
    '  context: {cluster: walkthrough, user: walkthrough}',
    'current-context: walkthrough',
    '',
  ].join('\n');
}

/**
 * @param command the program and its leading arguments: [realKubectl()] or [process.execPath, ourMain]
 */
export async function freshKubectl(label: string, command: string[], port: number): Promise<Kubectl> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'gk-walkthrough-home-'));
  if (port !== SEED_PORT) {
    await mkdir(path.join(home, '.kube'));
    await writeFile(path.join(home, '.kube', 'config'), kubeconfigFor(port));
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
  };
  const [program = 'kubectl', ...leading] = command;
  return {
    label,
    home,
    run: (...args: string[]) =>
      new Promise<KubectlResult>((resolve) => {
        execFile(
          program,
          [...leading, ...args],
          { cwd: home, env, timeout: 90_000 },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    [Symbol.asyncDispose]: () => rm(home, { recursive: true, force: true }),
  };
}
