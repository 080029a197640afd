// `kubectl drain` with the real kubectl: cordon, then each pod of the node deleted with the drain's grace
// period (its typed client sends the DeleteOptions as protobuf), then a wait until the pods are gone. No
// kubelet runs in this suite, so the spec plays the kubelet's last part: it watches the node's pods and,
// once one carries a deletionTimestamp, removes it with gracePeriodSeconds 0. groundkube's kubectl has no
// drain; only the real one runs. Not here: --dry-run=server, with which the real kubectl waits for pods that
// a dry run never deletes, against any API server (api-server.spec.ts checks the protobuf dryRun instead).

import type { Node, Pod } from '@groundkube/api';
import { NODES, PODS, isNotFound, type RestClient } from '@groundkube/client';

import { startCluster, type Cluster } from './cluster';
import { createNode, createPod, podManifest, removePods } from './objects';
import { createSideBySide, type SideBySide } from './side-by-side';

let cluster: Cluster;
let sides: SideBySide;

beforeAll(async () => {
  cluster = await startCluster();
  sides = await createSideBySide(cluster.url);
}, 120_000);

afterAll(async () => {
  await sides?.[Symbol.asyncDispose]();
  await cluster?.[Symbol.asyncDispose]();
});

interface Terminator {
  /** The grace periods the pods were marked with, by pod name. */
  readonly gracePeriods: Map<string, number | undefined>;
  stop(): void;
}

/** What a kubelet does at the end of a graceful deletion: removes the marked pod with grace 0. */
async function terminatePodsOf(client: RestClient, nodeName: string): Promise<Terminator> {
  const controller = new AbortController();
  const gracePeriods = new Map<string, number | undefined>();
  const stream = await client.watch<Pod>(
    { resource: PODS },
    { fieldSelector: `spec.nodeName=${nodeName}`, signal: controller.signal },
  );
  void (async () => {
    for await (const event of stream) {
      const pod = event.object as Pod;
      if (event.type !== 'MODIFIED' || pod.metadata.deletionTimestamp === undefined) continue;
      const name = pod.metadata.name ?? '';
      gracePeriods.set(name, pod.metadata.deletionGracePeriodSeconds);
      await client
        .delete(
          { resource: PODS, namespace: pod.metadata.namespace ?? 'default', name },
          { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid ?? '' } },
        )
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
    }
  })().catch(() => undefined);
  return { gracePeriods, stop: () => controller.abort() };
}

describe('kubectl drain', () => {
  beforeEach(async () => {
    await removePods(cluster.client, ['sleeper', 'elsewhere']);
    await cluster.client.delete({ resource: NODES, name: 'vm' }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
    await createNode(cluster.client, 'vm');
  });

  it('cordons the node, deletes its pod with the grace period asked for, and reports the node drained', async () => {
    await createPod(cluster.client, podManifest('sleeper', { nodeName: 'vm' }));
    await createPod(cluster.client, podManifest('elsewhere', { nodeName: 'other' }));
    const kubelet = await terminatePodsOf(cluster.client, 'vm');
    try {
      const run = await sides.run('real', ['drain', 'vm', '--force', '--grace-period=1']);

      expect(run).toEqual({
        code: 0,
        stdout: 'node/vm cordoned\npod/sleeper deleted\nnode/vm drained\n',
        stderr: 'Warning: deleting Pods that declare no controller: default/sleeper\n',
      });
      expect(kubelet.gracePeriods.get('sleeper')).toBe(1);
    } finally {
      kubelet.stop();
    }
    const node = await cluster.client.get<Node>({ resource: NODES, name: 'vm' });
    expect(node.spec?.unschedulable).toBe(true);
    const left = await cluster.client.list<Pod>({ resource: PODS, namespace: 'default' });
    expect(left.items.map((pod) => pod.metadata.name)).toEqual(['elsewhere']);
  });

  it('with --grace-period=0 the API server removes the pod at once', async () => {
    await createPod(cluster.client, podManifest('sleeper', { nodeName: 'vm' }));
    const run = await sides.run('real', ['drain', 'vm', '--force', '--grace-period=0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('node/vm cordoned\npod/sleeper deleted\nnode/vm drained\n');
    const gone = await cluster.client
      .get({ resource: PODS, namespace: 'default', name: 'sleeper' })
      .catch((err: unknown) => err);
    expect(isNotFound(gone)).toBe(true);
  });
});
