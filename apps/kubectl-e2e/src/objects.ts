// Objects the specs put on the server directly (through the REST client, not through either kubectl), and
// the resets that give both kubectls the same starting state.

import type { Event, KubeObject, Node, Pod } from '@groundkube/api';
import { EVENTS, NODES, PODS, isNotFound, type RestClient } from '@groundkube/client';

import { until } from './cluster';

/**
 * A Ready node as a kubelet would register it (no kubelet runs: the node is only data). `resources` are added
 * to both its capacity and its allocatable (hugepages-2Mi, extended resources).
 */
export async function createNode(
  client: RestClient,
  name: string,
  resources: Record<string, string> = {},
): Promise<Node> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    status: {
      capacity: {
        cpu: '2',
        memory: '4026532Ki',
        pods: '110',
        'ephemeral-storage': '30830000Ki',
        ...resources,
      },
      allocatable: {
        cpu: '2',
        memory: '3924132Ki',
        pods: '110',
        'ephemeral-storage': '28412000Ki',
        ...resources,
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: 'InternalIP', address: '10.1.2.3' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        machineID: 'm',
        systemUUID: 's',
        bootID: 'b',
        kernelVersion: '6.1.0-test',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'docker://20.10.24',
        kubeletVersion: 'v1.32.4',
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
  const created = await client.create<Node>({ resource: NODES }, node);
  // The status is the kubelet's to write: put it through the status subresource whatever create kept.
  return client.updateStatus<Node>({ resource: NODES, name }, { ...created, status: node.status });
}

/** A pod (unbound unless nodeName is given; no kubelet runs, so it stays Pending). */
export function podManifest(
  name: string,
  options: { labels?: Record<string, string>; nodeName?: string } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: options.labels ?? { app: name } },
    spec: {
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }],
    },
  };
}

export function createPod(client: RestClient, pod: Pod): Promise<Pod> {
  return client.create<Pod>({ resource: PODS, namespace: 'default' }, pod);
}

/** An event about `pod`, as a kubelet would post it. */
export function createPodEvent(
  client: RestClient,
  pod: Pod,
  reason: string,
  message: string,
): Promise<Event> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const event: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod.metadata.name ?? ''}.${reason.toLowerCase()}`, namespace: 'default' },
    involvedObject: {
      kind: 'Pod',
      apiVersion: 'v1',
      name: pod.metadata.name,
      namespace: 'default',
      uid: pod.metadata.uid,
      fieldPath: 'spec.containers{nginx}',
    },
    reason,
    message,
    type: 'Normal',
    source: { component: 'kubelet', host: pod.spec?.nodeName ?? 'node-a' },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
  return client.create<Event>({ resource: EVENTS, namespace: 'default' }, event);
}

/** Deletes the named pods at once (grace 0) and waits until they are gone; missing ones are fine. */
export async function removePods(client: RestClient, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await client
      .delete({ resource: PODS, namespace: 'default', name }, { gracePeriodSeconds: 0 })
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
  }
  await until(`pods ${names.join(', ')} gone`, async () => {
    const list = await client.list<KubeObject>({ resource: PODS, namespace: 'default' });
    return list.items.some((pod) => names.includes(pod.metadata.name ?? '')) ? undefined : true;
  });
}

/** Every pod of the default namespace, by name. */
export async function podNames(client: RestClient): Promise<string[]> {
  const list = await client.list<KubeObject>({ resource: PODS, namespace: 'default' });
  return list.items.map((pod) => pod.metadata.name ?? '').sort();
}

/** Gives `pod` the status a kubelet reports for a pod that runs: Running, Ready, IPs, a started container. */
export async function markRunning(client: RestClient, name: string): Promise<Pod> {
  const pod = await client.get<Pod>({ resource: PODS, namespace: 'default', name });
  const started = new Date(Date.now() - 90_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const containers = pod.spec?.containers ?? [];
  return client.updateStatus<Pod>(
    { resource: PODS, namespace: 'default', name },
    {
      ...pod,
      status: {
        ...pod.status,
        phase: 'Running',
        hostIP: '10.1.2.3',
        podIP: '10.201.0.7',
        podIPs: [{ ip: '10.201.0.7' }],
        startTime: started,
        conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
          type,
          status: 'True',
          lastTransitionTime: started,
        })),
        containerStatuses: containers.map((container) => ({
          name: container.name,
          image: `docker.io/library/${container.image ?? ''}:latest`,
          imageID: 'docker-pullable://nginx@sha256:0123456789abcdef',
          containerID: 'docker://0123456789abcdef',
          ready: true,
          started: true,
          restartCount: 1,
          state: { running: { startedAt: started } },
          lastState: {
            terminated: { exitCode: 137, reason: 'Error', startedAt: started, finishedAt: started },
          },
        })),
      },
    },
  );
}
