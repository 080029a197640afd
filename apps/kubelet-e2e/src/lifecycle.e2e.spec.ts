// Container lifecycle on the real kubelet and Docker: the Killing event is posted before the container stops.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Event, Pod, PodSpec } from '@groundkube/api';
import { EVENTS, PODS } from '@groundkube/client';

import { dockerContainers, until } from './cluster-fixture';
import { singleNodeSuite } from './single-node';

jest.setTimeout(180_000);

const exec = promisify(execFile);

describe('container lifecycle on the real kubelet', () => {
  const node = singleNodeSuite('lifecycle');

  async function createPod(name: string, spec: Omit<PodSpec, 'nodeName'>): Promise<Pod> {
    return node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${node.kubelet.nodeName}`, namespace: 'default' },
        spec: { nodeName: node.kubelet.nodeName, ...spec },
      },
    );
  }

  async function eventsOf(pod: Pod): Promise<Event[]> {
    const list = await node.api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
    return list.items.filter((e) => e.involvedObject.uid === pod.metadata.uid);
  }

  function untilEvent(pod: Pod, reason: string): Promise<Event> {
    return until(`${reason} event of ${pod.metadata.name}`, async () =>
      (await eventsOf(pod)).find((e) => e.reason === reason),
    );
  }

  async function running(pod: Pod, container = 'main'): Promise<{ id: string; state: string }> {
    return until(`${container} of ${pod.metadata.name} running`, async () => {
      const all = await dockerContainers(node.kubelet.nodeName, pod.metadata.uid);
      return all.find((c) => c.name.startsWith(`k8s_${container}_`) && c.state === 'running');
    });
  }

  async function remove(pod: Pod, gracePeriodSeconds?: number): Promise<void> {
    await node.api.client.delete(
      { resource: PODS, namespace: 'default', name: pod.metadata.name! },
      gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds },
    );
  }

  // `sleep` as PID 1 has no TERM handler, so the kernel ignores TERM: it runs until the KILL after 30 s.
  const ignoresTerm = {
    terminationGracePeriodSeconds: 30,
    containers: [
      {
        name: 'main',
        image: 'busybox',
        imagePullPolicy: 'IfNotPresent' as const,
        command: ['sleep', '3600'],
      },
    ],
  };

  it('posts Killing when the stop of a deleted pod starts, while the container still runs', async () => {
    const pod = await createPod('killing-delete', ignoresTerm);
    const main = await running(pod);
    await remove(pod);
    const killing = await untilEvent(pod, 'Killing');
    expect(killing.message).toBe('Stopping container main');
    const { stdout } = await exec('docker', ['inspect', '-f', '{{.State.Running}}', main.id]);
    expect(stdout.trim()).toBe('true');
  });

  it('posts Killing for a changed definition while the old container still runs', async () => {
    const pod = await createPod('killing-update', ignoresTerm);
    const main = await running(pod);
    await node.api.client.patch(
      { resource: PODS, namespace: 'default', name: pod.metadata.name! },
      { spec: { containers: [{ name: 'main', image: 'busybox:latest' }] } },
      { contentType: 'application/strategic-merge-patch+json' },
    );
    const killing = await untilEvent(pod, 'Killing');
    expect(killing.message).toBe('Container main definition changed, will be restarted');
    const { stdout } = await exec('docker', ['inspect', '-f', '{{.State.Running}}', main.id]);
    expect(stdout.trim()).toBe('true');
  });
});
