// Runs a kubectl as a user would against the cluster: the real one (`kubectl` on the system PATH, never node_modules/.bin) or ours (the bundle in
// dist/apps/kubectl), each in a fresh HOME whose kubeconfig names the cluster's API server (the real kubectl
// caches discovery and /version under ~/.kube/cache, which must not leak between runs).

import * as path from 'node:path';

import {
  createKubectlHome,
  realKubectl,
  until as poll,
  WORKSPACE,
  type KubectlResult,
} from '@groundkube/testing';

export { WORKSPACE, type KubectlResult } from '@groundkube/testing';
export const OUR_KUBECTL = path.join(WORKSPACE, 'dist/apps/kubectl/main.js');

export interface Kubectl extends AsyncDisposable {
  /** "real" or "ours". */
  readonly label: string;
  /** HOME and working directory, where manifests can be written. */
  readonly home: string;
  run(...args: string[]): Promise<KubectlResult>;
  /** Like run, but rejects with the output when the exit code is not 0. */
  ok(...args: string[]): Promise<string>;
}

export async function kubectlFor(label: 'real' | 'ours', server: string): Promise<Kubectl> {
  const command = label === 'real' ? [realKubectl()] : [process.execPath, OUR_KUBECTL];
  const home = await createKubectlHome({ prefix: `gk-cluster-e2e-${label}-`, server, name: 'e2e' });
  const run = (...args: string[]): Promise<KubectlResult> => home.run(command, args);
  return {
    label,
    home: home.home,
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
    [Symbol.asyncDispose]: () => home[Symbol.asyncDispose](),
  };
}

/** Polls fn every 500 ms until it returns a value other than undefined; 90 s unless told. */
export function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  return poll(what, fn, { timeoutMs, intervalMs: 500 });
}
