// One API server and one kubelet for a describe block, and the pod lookups its tests share.

import { randomUUID } from 'node:crypto';

import type { Pod } from '@groundkube/api';
import { isNotFound, PODS, type RestClient } from '@groundkube/client';

import {
  buildApp,
  removeInstance,
  startApiServer,
  startKubelet,
  type ApiServerFixture,
  type KubeletFixture,
} from './cluster-fixture';

export interface SingleNode {
  readonly api: ApiServerFixture;
  readonly kubelet: KubeletFixture;
}

/**
 * Starts an API server (on its own etcd) and a kubelet named `<prefix>-<random>` before the block's tests,
 * and after them kills the kubelet, removes every container of its runtime instance and stops the server.
 */
export function singleNodeSuite(prefix: string): SingleNode {
  let api: ApiServerFixture | undefined;
  let kubelet: KubeletFixture | undefined;
  beforeAll(async () => {
    api = await startApiServer();
    kubelet = await startKubelet({
      script: await buildApp('kubelet'),
      apiServerUrl: api.url,
      nodeName: `${prefix}-${randomUUID().slice(0, 8)}`,
    });
  });
  afterAll(async () => {
    await kubelet?.process.stop('SIGKILL');
    if (kubelet) await removeInstance(kubelet.nodeName, kubelet.rootDir);
    await api?.[Symbol.asyncDispose]();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the single-node suite has not started');
    return value;
  };
  return {
    get api() {
      return started(api);
    },
    get kubelet() {
      return started(kubelet);
    },
  };
}

/** A pod in the default namespace, or undefined when there is none. */
export async function getPod(client: RestClient, name: string): Promise<Pod | undefined> {
  try {
    return await client.get<Pod>({ resource: PODS, namespace: 'default', name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
