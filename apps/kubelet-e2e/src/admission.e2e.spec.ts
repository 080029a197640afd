// Admission on the real kubelet: a pod asking for a host port another pod on the node holds is rejected
// (phase Failed, reason NodePorts, an event) without any container, and can still be deleted.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Event, Pod } from '@groundkube/api';
import { EVENTS, PODS } from '@groundkube/client';
import { realKubectl } from '@groundkube/testing';

import { getPod, singleNodeSuite } from './single-node';
import { dockerContainers, until } from './cluster-fixture';

jest.setTimeout(180_000);

const exec = promisify(execFile);

describe('admission on the real kubelet', () => {
  const node = singleNodeSuite('admit');
  // A high port unlikely to be held on this host; the kubelet's check does not depend on the host.
  const hostPort = 20_000 + Math.floor(Math.random() * 20_000);

  const web = (name: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-${node.kubelet.nodeName}`, namespace: 'default' },
    spec: {
      nodeName: node.kubelet.nodeName,
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, hostPort }],
        },
      ],
    },
  });

  async function deleteAndWait(pod: Pod): Promise<void> {
    await node.api.client.delete({ resource: PODS, namespace: 'default', name: pod.metadata.name! });
    await until(`${pod.metadata.name} gone`, async () =>
      (await getPod(node.api.client, pod.metadata.name!)) ? undefined : true,
    );
    await until('its containers gone', async () =>
      (await dockerContainers(node.kubelet.nodeName, pod.metadata.uid)).length === 0 ? true : undefined,
    );
  }

  it('rejects a second pod on a held host port, and admits one once the port is free', async () => {
    const first = await node.api.client.create<Pod>({ resource: PODS, namespace: 'default' }, web('first'));
    await until('first Running', async () =>
      (await getPod(node.api.client, first.metadata.name!))?.status?.phase === 'Running' ? true : undefined,
    );

    const second = await node.api.client.create<Pod>({ resource: PODS, namespace: 'default' }, web('second'));
    const rejected = await until('second Failed', async () => {
      const pod = await getPod(node.api.client, second.metadata.name!);
      return pod?.status?.phase === 'Failed' ? pod : undefined;
    });
    // The whole status, as the real kubelet's rejection writes it: no container statuses (which would show
    // as ContainerCreating) and none of the kubelet's conditions.
    const rejectedStatus = {
      phase: 'Failed',
      reason: 'NodePorts',
      message:
        "Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
      qosClass: 'BestEffort',
      startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    };
    expect(rejected.status).toEqual(rejectedStatus);
    expect(await dockerContainers(node.kubelet.nodeName, second.metadata.uid)).toEqual([]);
    const events = await until('NodePorts event', async () => {
      const list = await node.api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
      const found = list.items.filter(
        (e) => e.involvedObject.uid === second.metadata.uid && e.reason === 'NodePorts',
      );
      return found.length > 0 ? found : undefined;
    });
    expect(events[0]).toMatchObject({
      type: 'Warning',
      message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
      source: { component: 'kubelet', host: node.kubelet.nodeName },
    });

    // Nothing writes over the rejection once the kubelet has seen it, and the real kubectl shows its reason.
    expect((await getPod(node.api.client, second.metadata.name!))?.status).toEqual(rejectedStatus);
    const { stdout } = await exec(
      realKubectl(),
      ['--server', node.api.url, 'get', 'pods', second.metadata.name!, '--no-headers'],
      { env: { ...process.env, KUBECONFIG: '/dev/null' } },
    );
    expect(stdout.trim().split(/\s+/).slice(0, 4)).toEqual([second.metadata.name, '0/1', 'NodePorts', '0']);
    // The first keeps running.
    expect((await getPod(node.api.client, first.metadata.name!))?.status?.phase).toBe('Running');

    await deleteAndWait(second);
    await deleteAndWait(first);

    const third = await node.api.client.create<Pod>({ resource: PODS, namespace: 'default' }, web('third'));
    await until('third Running on the freed port', async () =>
      (await getPod(node.api.client, third.metadata.name!))?.status?.phase === 'Running' ? true : undefined,
    );
    await deleteAndWait(third);
  });
});
