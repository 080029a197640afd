// What watchers see while the real kubelet stops a pod: its containers' final states are reported before
// the pod goes, so the last update before DELETED shows them terminated and the pod not ready.

import type { Pod } from '@groundkube/api';
import { PODS } from '@groundkube/client';

import { getPod, singleNodeSuite } from './single-node';
import { until } from './cluster-fixture';

jest.setTimeout(180_000);

interface WatchEvent {
  type: string;
  object: Pod;
}

/** Collects a watch's events on one pod until DELETED (or the signal aborts). */
async function watchUntilDeleted(url: string, signal: AbortSignal): Promise<WatchEvent[]> {
  const response = await fetch(url, { signal });
  const events: WatchEvent[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line === '') continue;
      const event = JSON.parse(line) as WatchEvent;
      events.push(event);
      if (event.type === 'DELETED') return events;
    }
  }
  return events;
}

describe('pod termination as watchers see it', () => {
  const node = singleNodeSuite('term');

  it('reports the containers terminated and the pod not ready before the pod is deleted', async () => {
    const name = `stopping-${node.kubelet.nodeName}`;
    await node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: {
          nodeName: node.kubelet.nodeName,
          terminationGracePeriodSeconds: 1,
          containers: [
            { name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
          ],
        },
      },
    );
    const running = await until('Running and ready', async () => {
      const pod = await getPod(node.api.client, name);
      return pod?.status?.containerStatuses?.[0]?.ready ? pod : undefined;
    });

    const controller = new AbortController();
    const watched = watchUntilDeleted(
      `${node.api.url}/api/v1/namespaces/default/pods?watch=1&fieldSelector=metadata.name%3D${name}&resourceVersion=${running.metadata.resourceVersion}`,
      controller.signal,
    );
    await node.api.client.delete({ resource: PODS, namespace: 'default', name });
    const timer = setTimeout(() => controller.abort(), 60_000);
    const events = await watched;
    clearTimeout(timer);

    expect(events.at(-1)?.type).toBe('DELETED');
    const last = events.at(-1)!.object;
    expect(last.status?.containerStatuses?.[0]?.ready).toBe(false);
    expect(last.status?.containerStatuses?.[0]?.state?.terminated).toBeDefined();
    expect(last.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    // The sandbox was up while the pod ran and is stopped before the last report: a new one would be needed.
    const readyToStart = (pod: Pod) =>
      pod.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status;
    expect(readyToStart(running)).toBe('True');
    expect(readyToStart(last)).toBe('False');
    // The pod keeps the IP it had while it stops.
    expect(last.status?.podIP).toBe(running.status?.podIP);
  });
});
