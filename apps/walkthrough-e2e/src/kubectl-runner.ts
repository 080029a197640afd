// Runs a kubectl as a user types it: in a fresh HOME (the real kubectl caches discovery and /version under
// ~/.kube/cache), with no flags. With the API server on 8080 there is no kubeconfig at all and kubectl
// falls back to localhost:8080 as in the post; on another port (8080 taken by a dev cluster) the fresh HOME
// gets a kubeconfig naming that server: still no flags on the command line.

import { createKubectlHome, type KubectlResult } from '@groundkube/testing';

import { SEED_PORT } from './walkthrough-cluster';

export type { KubectlResult } from '@groundkube/testing';

export interface Kubectl extends AsyncDisposable {
  /** e.g. "the real kubectl" */
  readonly label: string;
  /** The folder used as HOME (and as the working directory, where manifests are written). */
  readonly home: string;
  run(...args: string[]): Promise<KubectlResult>;
}

/**
 * @param command the program and its leading arguments: [realKubectl()] or [process.execPath, ourMain]
 */
export async function freshKubectl(label: string, command: string[], port: number): Promise<Kubectl> {
  const home = await createKubectlHome({
    prefix: 'gk-walkthrough-home-',
    name: 'walkthrough',
    ...(port === SEED_PORT ? {} : { server: `http://127.0.0.1:${port}` }),
  });
  return {
    label,
    home: home.home,
    run: (...args: string[]) => home.run(command, args),
    [Symbol.asyncDispose]: () => home[Symbol.asyncDispose](),
  };
}
