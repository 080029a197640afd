// The server side of the suite: a real etcd and the built API server (apps/apiserver bundled from this
// checkout) on free ports, plus a REST client for seeding and resetting objects between the two kubectls.

import * as path from 'node:path';

import { RestClient } from '@groundkube/client';
import {
  freePort,
  startApp,
  startEtcd,
  StopPolling,
  until as poll,
  WORKSPACE,
  type EtcdServer,
} from '@groundkube/testing';

export { WORKSPACE } from '@groundkube/testing';

/** The bundled API server, built from this checkout by global-setup.cjs before the spec files start. */
const API_SERVER_SCRIPT = path.join(WORKSPACE, 'dist/apps/apiserver/main.js');

export interface Cluster extends AsyncDisposable {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly client: RestClient;
  readonly etcd: EtcdServer;
  /** What the API server printed (for failure messages). */
  output(): string;
}

/** Polls `probe` every 100 ms until it returns a value; 30 s unless told. */
export function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  return poll(what, probe, { timeoutMs, intervalMs: 100 });
}

/** Starts etcd and the API server (the seed's flags, on a free port). */
export async function startCluster(): Promise<Cluster> {
  const etcd = await startEtcd();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const apiserver = startApp(API_SERVER_SCRIPT, [
    `--etcd-servers=${etcd.endpoint}`,
    `--insecure-port=${port}`,
    '--insecure-bind-address=127.0.0.1',
    '--service-cluster-ip-range=10.0.0.0/16',
  ]);
  const client = new RestClient({ server: url, timeoutMs: 10_000 });

  const stop = async (): Promise<void> => {
    client.close();
    await apiserver.stop();
    await etcd[Symbol.asyncDispose]();
  };
  try {
    await until('the API server', async () => {
      if (apiserver.child.exitCode !== null)
        throw new StopPolling(`the API server exited:\n${apiserver.output()}`);
      const res = await client.raw({ method: 'GET', path: '/api/v1/namespaces/kube-system' });
      return res.statusCode === 200 ? true : undefined;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, client, etcd, output: () => apiserver.output(), [Symbol.asyncDispose]: stop };
}
