// Admission on the real kubelet: a pod asking for a host port another pod on the node holds, more than the
// node can give, or a node label it lacks is rejected (phase Failed, the check's reason, an event) without
// any container, and can still be deleted; a pod that fits and selects the node runs.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Event, Node, Pod } from '@groundkube/api';
import { EVENTS, NODES, PODS } from '@groundkube/client';
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

  /** A sleeping busybox with the given requests and node selector. */
  const sized = (
    name: string,
    requests: Record<string, string>,
    nodeSelector?: Record<string, string>,
  ): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-${node.kubelet.nodeName}`, namespace: 'default' },
    spec: {
      nodeName: node.kubelet.nodeName,
      terminationGracePeriodSeconds: 1,
      ...(nodeSelector ? { nodeSelector } : {}),
      containers: [
        {
          name: 'sleep',
          image: 'busybox',
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', '3600'],
          resources: { requests },
        },
      ],
    },
  });

  async function rejectedAs(pod: Pod, reason: string): Promise<{ status: Pod['status']; event: Event }> {
    const rejected = await until(`${pod.metadata.name} Failed`, async () => {
      const current = await getPod(node.api.client, pod.metadata.name!);
      return current?.status?.phase === 'Failed' ? current : undefined;
    });
    expect(rejected.status?.reason).toBe(reason);
    expect(await dockerContainers(node.kubelet.nodeName, pod.metadata.uid)).toEqual([]);
    const event = await until(`${reason} event`, async () => {
      const list = await node.api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
      return list.items.find((e) => e.involvedObject.uid === pod.metadata.uid && e.reason === reason);
    });
    return { status: rejected.status, event };
  }

  it('rejects a pod requesting more than the node has as OutOfcpu, in millicores and against allocatable', async () => {
    const self = await node.api.client.get<Node>({ resource: NODES, name: node.kubelet.nodeName });
    const allocatableCpu = self.status?.allocatable?.['cpu'];
    expect(allocatableCpu).toMatch(/^\d+$/);
    const capacityMilli = Number(allocatableCpu) * 1000;

    const big = await node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      sized('too-big', { cpu: '10000', memory: '1Ti' }),
    );
    const message = `Node didn't have enough resource: cpu, requested: 10000000, used: 0, capacity: ${capacityMilli}`;
    const { status, event } = await rejectedAs(big, 'OutOfcpu');
    expect(status).toEqual({
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: `Pod was rejected: ${message}`,
      qosClass: 'Burstable',
      startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(event).toMatchObject({
      type: 'Warning',
      message,
      source: { component: 'kubelet', host: node.kubelet.nodeName },
    });
    const { stdout } = await exec(
      realKubectl(),
      ['--server', node.api.url, 'get', 'pods', big.metadata.name!, '--no-headers'],
      { env: { ...process.env, KUBECONFIG: '/dev/null' } },
    );
    expect(stdout.trim().split(/\s+/).slice(0, 4)).toEqual([big.metadata.name, '0/1', 'OutOfcpu', '0']);
    await deleteAndWait(big);
  });

  it('rejects a pod whose nodeSelector the node lacks as NodeAffinity, and runs one that fits and selects it', async () => {
    const elsewhere = await node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      sized('hdd-only', {}, { disk: 'hdd' }),
    );
    const message = "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector";
    const { status, event } = await rejectedAs(elsewhere, 'NodeAffinity');
    expect(status?.message).toBe(`Pod was rejected: ${message}`);
    expect(event).toMatchObject({ type: 'Warning', message });

    const fitting = await node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      sized('fits', { cpu: '100m', memory: '16Mi' }, { 'kubernetes.io/hostname': node.kubelet.nodeName }),
    );
    await until('the fitting pod Running', async () =>
      (await getPod(node.api.client, fitting.metadata.name!))?.status?.phase === 'Running' ? true : undefined,
    );
    expect(await dockerContainers(node.kubelet.nodeName, fitting.metadata.uid)).not.toEqual([]);

    await deleteAndWait(elsewhere);
    await deleteAndWait(fitting);
  });
});
