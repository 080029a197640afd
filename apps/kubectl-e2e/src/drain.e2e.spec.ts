// `kubectl drain` with the real kubectl: cordon, then each pod of the node evicted (discovery lists
// pods/eviction with policy/v1 Eviction, so kubectl posts an Eviction carrying the drain's grace period, as
// protobuf, rather than deleting), then a wait until the pods are gone. No kubelet runs in this suite, so
// the spec plays the kubelet's last part: it watches the node's pods and, once one carries a
// deletionTimestamp, removes it with gracePeriodSeconds 0. groundkube's kubectl has no drain; only the real
// one runs: 1.32 through the dispatcher, and the 1.29 and 1.27 binaries installed beside it. Not here:
// --dry-run=server, with which the real kubectl waits for pods that a dry run never deletes, against any
// API server (pod-eviction.spec.ts checks an eviction's dryRun instead).

import { realpathSync } from 'node:fs';
import * as path from 'node:path';

import type { Node, Pod } from '@groundkube/api';
import { NODES, PODS, isNotFound, type RestClient } from '@groundkube/client';
import { createKubectlHome, realKubectl, systemPath } from '@groundkube/testing';

import { createNode, createPod, podManifest, removePods } from './objects';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

/** What the real kubectl prints on the eviction path for one pod of node vm. */
const EVICTED_SLEEPER =
  'node/vm cordoned\nevicting pod default/sleeper\npod/sleeper evicted\nnode/vm drained\n';

/**
 * An older kubectl installed beside the dispatcher (kubectl.1.NN), which the dispatcher picks by /version.
 */
function olderKubectl(version: string): string {
  return path.join(path.dirname(realpathSync(realKubectl())), `kubectl.${version}`);
}

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
    await removePods(suite.cluster.client, ['sleeper', 'elsewhere']);
    await suite.cluster.client.delete({ resource: NODES, name: 'vm' }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
    await createNode(suite.cluster.client, 'vm');
  });

  it('cordons the node, evicts its pod with the grace period asked for, and reports the node drained', async () => {
    await createPod(suite.cluster.client, podManifest('sleeper', { nodeName: 'vm' }));
    await createPod(suite.cluster.client, podManifest('elsewhere', { nodeName: 'other' }));
    const kubelet = await terminatePodsOf(suite.cluster.client, 'vm');
    try {
      const run = await suite.sides.run('real', ['drain', 'vm', '--force', '--grace-period=1']);

      expect(run).toEqual({
        code: 0,
        stdout: EVICTED_SLEEPER,
        stderr: 'Warning: deleting Pods that declare no controller: default/sleeper\n',
      });
      expect(kubelet.gracePeriods.get('sleeper')).toBe(1);
    } finally {
      kubelet.stop();
    }
    const node = await suite.cluster.client.get<Node>({ resource: NODES, name: 'vm' });
    expect(node.spec?.unschedulable).toBe(true);
    const left = await suite.cluster.client.list<Pod>({ resource: PODS, namespace: 'default' });
    expect(left.items.map((pod) => pod.metadata.name)).toEqual(['elsewhere']);
  });

  it('with --grace-period=0 the API server removes the evicted pod at once', async () => {
    await createPod(suite.cluster.client, podManifest('sleeper', { nodeName: 'vm' }));
    const run = await suite.sides.run('real', ['drain', 'vm', '--force', '--grace-period=0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(EVICTED_SLEEPER);
    const gone = await suite.cluster.client
      .get({ resource: PODS, namespace: 'default', name: 'sleeper' })
      .catch((err: unknown) => err);
    expect(isNotFound(gone)).toBe(true);
  });

  it.each(['1.29', '1.27'])('kubectl %s takes the eviction path too', async (version) => {
    await createPod(suite.cluster.client, podManifest('sleeper', { nodeName: 'vm' }));
    await using home = await createKubectlHome({
      prefix: `groundkube-kubectl-e2e-${version}-`,
      server: suite.sides.server,
      namespace: 'default',
      exportKubeconfig: true,
      path: systemPath(),
    });
    const run = await home.run([olderKubectl(version)], ['drain', 'vm', '--force', '--grace-period=0'], {
      timeoutMs: 45_000,
    });
    expect(run).toEqual({
      code: 0,
      stdout: EVICTED_SLEEPER,
      stderr: 'Warning: deleting Pods that declare no controller: default/sleeper\n',
    });
    const node = await suite.cluster.client.get<Node>({ resource: NODES, name: 'vm' });
    expect(node.spec?.unschedulable).toBe(true);
    const gone = await suite.cluster.client
      .get({ resource: PODS, namespace: 'default', name: 'sleeper' })
      .catch((err: unknown) => err);
    expect(isNotFound(gone)).toBe(true);
  });
});
