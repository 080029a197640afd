// Liveness, readiness and startup probes end to end: the kubelet app with a real API server on real etcd,
// probing containers on the real Docker engine (exec through CRI ExecSync, httpGet and tcpSocket to the pod IP).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Container, Event, Pod } from '@groundkube/api';
import { EVENTS, PODS } from '@groundkube/client';

import { getPod, singleNodeSuite } from './single-node';
import { dockerContainers, until } from './cluster-fixture';

jest.setTimeout(180_000);

const exec = promisify(execFile);

function condition(pod: Pod | undefined, type: string): string | undefined {
  return pod?.status?.conditions?.find((c) => c.type === type)?.status;
}

/** kubectl get's READY column: ready containers / containers. */
function readyColumn(pod: Pod): string {
  const ready = (pod.status?.containerStatuses ?? []).filter((c) => c.ready).length;
  return `${ready}/${pod.spec?.containers.length ?? 0}`;
}

describe('probes on the real kubelet', () => {
  const node = singleNodeSuite('probe');

  async function createPod(name: string, container: Container): Promise<Pod> {
    return node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${node.kubelet.nodeName}`, namespace: 'default' },
        spec: {
          nodeName: node.kubelet.nodeName,
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 1,
          containers: [{ imagePullPolicy: 'IfNotPresent', ...container }],
        },
      },
    );
  }

  async function eventsOf(pod: Pod): Promise<Event[]> {
    const list = await node.api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
    return list.items.filter((e) => e.involvedObject.uid === pod.metadata.uid);
  }

  function untilEvent(pod: Pod, reason: string, message: (m: string) => boolean): Promise<Event> {
    return until(`${reason} event of ${pod.metadata.name}`, async () =>
      (await eventsOf(pod)).find((e) => e.reason === reason && message(e.message ?? '')),
    );
  }

  async function remove(pod: Pod): Promise<void> {
    await node.api.client.delete({ resource: PODS, namespace: 'default', name: pod.metadata.name! });
  }

  it('restarts a container whose exec liveness probe fails: Unhealthy, Killing, restartCount grows', async () => {
    const pod = await createPod('liveness', {
      name: 'main',
      image: 'busybox',
      command: ['sleep', '3600'],
      livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 1 },
    });

    const restarted = await until('restartCount grows', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
    });
    expect(restarted.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(137);
    const unhealthy = await untilEvent(pod, 'Unhealthy', (m) => m.startsWith('Liveness probe failed:'));
    expect(unhealthy.type).toBe('Warning');
    expect(unhealthy.involvedObject.fieldPath).toBe('spec.containers{main}');
    const killing = await untilEvent(pod, 'Killing', (m) => m.includes('liveness'));
    expect(killing.message).toBe('Container main failed liveness probe, will be restarted');
    await remove(pod);
  });

  it('httpGet readiness: a 404 keeps nginx running but not ready (0/1); "/" by port name makes it ready', async () => {
    const missing = await createPod('notready', {
      name: 'web',
      image: 'nginx',
      readinessProbe: { httpGet: { path: '/no-such-page', port: 80 }, periodSeconds: 1 },
    });
    const found = await createPod('ready', {
      name: 'web',
      image: 'nginx',
      ports: [{ name: 'http', containerPort: 80 }],
      readinessProbe: {
        httpGet: { path: '/', port: 'http', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] },
        periodSeconds: 1,
      },
    });

    // A probe may come before nginx listens (connection refused); the first one that reaches it gets 404.
    const failed = await untilEvent(missing, 'Unhealthy', (m) =>
      m.startsWith('Readiness probe failed: HTTP probe failed'),
    );
    expect(failed.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 404');
    const notReady = await until('notready pod running', async () => {
      const p = await getPod(node.api.client, missing.metadata.name!);
      return p?.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
    });
    expect(notReady.status?.phase).toBe('Running');
    expect(notReady.status?.containerStatuses?.[0]?.ready).toBe(false);
    expect(condition(notReady, 'Ready')).toBe('False');
    expect(condition(notReady, 'ContainersReady')).toBe('False');
    expect(readyColumn(notReady)).toBe('0/1');

    const ready = await until('ready pod Ready', async () => {
      const p = await getPod(node.api.client, found.metadata.name!);
      return condition(p, 'Ready') === 'True' ? p : undefined;
    });
    expect(ready.status?.containerStatuses?.[0]?.ready).toBe(true);
    expect(readyColumn(ready)).toBe('1/1');
    // Still not ready, and never restarted: readiness does not kill.
    const later = await getPod(node.api.client, missing.metadata.name!);
    expect(condition(later, 'Ready')).toBe('False');
    expect(later?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    await remove(missing);
    await remove(found);
  });

  it('tcpSocket readiness on port 80 of nginx becomes ready', async () => {
    const pod = await createPod('tcp', {
      name: 'web',
      image: 'nginx',
      readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 1 },
    });
    const ready = await until('tcp pod Ready', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return condition(p, 'Ready') === 'True' ? p : undefined;
    });
    expect(ready.status?.containerStatuses?.[0]).toMatchObject({ ready: true, started: true });
    await remove(pod);
  });

  it('a startup probe gates readiness until it succeeds (a file appears)', async () => {
    const pod = await createPod('startup', {
      name: 'main',
      image: 'busybox',
      command: ['sleep', '3600'],
      startupProbe: { exec: { command: ['cat', '/tmp/started'] }, periodSeconds: 1, failureThreshold: 600 },
      readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 },
    });

    await untilEvent(pod, 'Unhealthy', (m) => m.startsWith('Startup probe failed:'));
    const starting = await until('container running', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return p?.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
    });
    expect(starting.status?.containerStatuses?.[0]).toMatchObject({ started: false, ready: false });
    expect(condition(starting, 'Ready')).toBe('False');
    // Readiness never ran while the startup probe was failing.
    expect((await eventsOf(pod)).some((e) => (e.message ?? '').startsWith('Readiness'))).toBe(false);

    const containers = await dockerContainers(node.kubelet.nodeName, pod.metadata.uid);
    const main = containers.find((c) => c.name.startsWith('k8s_main_') && c.state === 'running');
    await exec('docker', ['exec', main!.id, 'touch', '/tmp/started']);

    const ready = await until('startup pod Ready', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return condition(p, 'Ready') === 'True' ? p : undefined;
    });
    expect(ready.status?.containerStatuses?.[0]).toMatchObject({
      started: true,
      ready: true,
      restartCount: 0,
    });
    await remove(pod);
  });
});
