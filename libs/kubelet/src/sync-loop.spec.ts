import type { KubeList, Node, Pod } from '@groundkube/api';
import { FakeClock, RestClient } from '@groundkube/client';
import { SharedInformer, type ListerWatcher } from '@groundkube/client/cache';

import type { RuntimePod } from './kuberuntime/runtime-pod';
import type { PodRuntime } from './pod-runtime';
import { PodWorkers, type PodSyncer } from './pod-workers/pod-workers';
import type { EventRecorder } from './events/event-recorder';
import { StatusManager } from './status/status-manager';
import { SyncLoop } from './sync-loop';

const apiPod = (uid: string): Pod => ({
  metadata: { name: `pod-${uid}`, namespace: 'default', uid, resourceVersion: '1' },
  spec: { nodeName: 'n1', containers: [{ name: 'c' }] },
});
const runtimePod = (uid: string): RuntimePod => ({
  uid,
  name: `pod-${uid}`,
  namespace: 'default',
  sandboxes: [{ id: `s-${uid}`, state: 'ready', attempt: 0, createdAt: new Date(0) }],
  containers: [
    { id: `c-${uid}`, name: 'c', state: 'running', attempt: 0, sandboxId: `s-${uid}`, image: 'busybox' },
  ],
});

/** A 2-CPU node with room for 110 pods. */
const node: Node = {
  metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } },
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
};

/** Lists a fixed set of pods; its watch stays open with no events until aborted. */
function staticListerWatcher(pods: Pod[]): ListerWatcher<Pod> {
  return {
    list: async (): Promise<KubeList<Pod>> => ({
      metadata: { resourceVersion: '10' },
      items: structuredClone(pods),
    }),
    watch: async ({ signal }) => ({
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<never>>((resolve) =>
            signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true }),
          ),
      }),
    }),
  };
}

class RecordingSyncer implements PodSyncer {
  readonly calls: string[] = [];
  async syncPod(pod: Pod) {
    this.calls.push(`sync ${pod.metadata.uid}`);
    return { terminal: false };
  }
  async syncTerminatingPod(pod: Pod | undefined, rp: RuntimePod | undefined) {
    this.calls.push(`terminating ${pod?.metadata.uid ?? rp?.uid}`);
  }
  async syncTerminatedPod(pod: Pod | undefined, rp: RuntimePod | undefined) {
    this.calls.push(`terminated ${pod?.metadata.uid ?? rp?.uid}`);
  }
}

describe('SyncLoop housekeeping', () => {
  it('waits for the informer, then kills orphans but never the pods the API server still has', async () => {
    const controller = new AbortController();
    const clock = new FakeClock();
    const informer = new SharedInformer<Pod>({
      name: 'pods',
      listerWatcher: staticListerWatcher([apiPod('a')]),
      clock,
    });
    const syncer = new RecordingSyncer();
    const workers = new PodWorkers({ syncer, clock, signal: controller.signal });
    let held: RuntimePod[] = [runtimePod('a'), runtimePod('orphan')];
    const runtime = { getPods: async () => held } as unknown as PodRuntime;
    const client = new RestClient({ server: 'http://127.0.0.1:1' });
    const loop = new SyncLoop({
      informer,
      workers,
      runtime,
      statusManager: new StatusManager({ client }),
      node: () => node,
      clock,
    });

    // Before the first list nothing is an orphan: a kubelet that just started adopts its pods.
    await loop.housekeeping(controller.signal);
    expect(syncer.calls).toEqual([]);

    const running = Promise.all([informer.run(controller.signal), loop.run(controller.signal)]);
    await informer.waitForSync();
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync a']);

    await loop.housekeeping(controller.signal);
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync a', 'terminating orphan', 'terminated orphan']);
    expect(workers.stateOf('a')).toBe('syncing');

    // Once the runtime no longer holds it, the finished orphan's worker is forgotten.
    held = [runtimePod('a')];
    await loop.housekeeping(controller.signal);
    expect(workers.knownPods()).toEqual(['a']);

    controller.abort();
    await running;
    client.close();
  });
});

describe('SyncLoop admission', () => {
  const withHostPort = (uid: string, hostPort: number): Pod => {
    const pod = apiPod(uid);
    pod.spec!.containers[0]!.ports = [{ containerPort: 80, hostPort }];
    return pod;
  };

  it('rejects a pod asking for a host port an admitted pod holds: Failed, NodePorts, an event, never a worker', async () => {
    const controller = new AbortController();
    const clock = new FakeClock();
    const informer = new SharedInformer<Pod>({
      name: 'pods',
      listerWatcher: staticListerWatcher([
        withHostPort('a', 8081),
        withHostPort('b', 8081),
        withHostPort('c', 8082),
      ]),
      clock,
    });
    const syncer = new RecordingSyncer();
    const workers = new PodWorkers({ syncer, clock, signal: controller.signal });
    const written: ({ uid: string } & NonNullable<Pod['status']>)[] = [];
    const statusManager = {
      setPodStatus: async (pod: Pod, status: Pod['status']) => {
        written.push({ uid: pod.metadata.uid ?? '', ...status });
        return undefined;
      },
    } as unknown as StatusManager;
    const events: string[] = [];
    const recorder = {
      event: (ref: { name?: string }, type: string, reason: string) =>
        events.push(`${ref.name} ${type} ${reason}`),
    } as unknown as EventRecorder;
    const runtime = { getPods: async () => [] } as unknown as PodRuntime;
    const loop = new SyncLoop({
      informer,
      workers,
      runtime,
      statusManager,
      recorder,
      node: () => node,
      clock,
    });

    const running = Promise.all([informer.run(controller.signal), loop.run(controller.signal)]);
    await informer.waitForSync();
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync a', 'sync c']);
    expect(written).toEqual([
      {
        uid: 'b',
        phase: 'Failed',
        reason: 'NodePorts',
        message:
          "Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
        qosClass: 'BestEffort',
        startTime: '2026-01-01T00:00:00Z',
      },
    ]);
    expect(events).toEqual(['pod-b Warning NodePorts']);

    // The periodic resync does not start it while the informer still shows it Pending; it writes the
    // rejection again instead.
    loop.resyncAll(controller.signal);
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync a', 'sync c', 'sync a', 'sync c']);
    expect(written.map((w) => w.uid)).toEqual(['b', 'b']);

    // Once the rejection shows, neither seeing it again nor a resync hands the pod to a worker: nothing may
    // write
    // container statuses over the rejection.
    const shown = { ...withHostPort('b', 8081), status: written[0] };
    informer.indexer.upsert(shown);
    loop.admit(shown, controller.signal);
    loop.resyncAll(controller.signal);
    await workers.whenIdle();
    expect(workers.stateOf('b')).toBeUndefined();
    expect(written.map((w) => w.uid)).toEqual(['b', 'b']);

    controller.abort();
    await running;
  });
  it("counts the admitted pods' requests, rejects what does not fit or select the node, and rewrites the same reason", async () => {
    const controller = new AbortController();
    const clock = new FakeClock();
    const requesting = (uid: string, cpu: string): Pod => {
      const pod = apiPod(uid);
      pod.spec!.containers[0]!.resources = { requests: { cpu } };
      return pod;
    };
    const selecting = apiPod('c');
    selecting.spec!.nodeSelector = { disk: 'hdd' };
    const informer = new SharedInformer<Pod>({
      name: 'pods',
      listerWatcher: staticListerWatcher([
        requesting('a', '1500m'),
        requesting('b', '1'),
        selecting,
        requesting('d', '500m'),
      ]),
      clock,
    });
    const syncer = new RecordingSyncer();
    const workers = new PodWorkers({ syncer, clock, signal: controller.signal });
    const written: { uid: string; reason?: string; message?: string }[] = [];
    const statusManager = {
      setPodStatus: async (pod: Pod, status: NonNullable<Pod['status']>) => {
        written.push({ uid: pod.metadata.uid ?? '', reason: status.reason, message: status.message });
        return undefined;
      },
    } as unknown as StatusManager;
    const runtime = { getPods: async () => [] } as unknown as PodRuntime;
    const loop = new SyncLoop({ informer, workers, runtime, statusManager, node: () => node, clock });

    const running = Promise.all([informer.run(controller.signal), loop.run(controller.signal)]);
    await informer.waitForSync();
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync a', 'sync d']);
    const rejections = [
      {
        uid: 'b',
        reason: 'OutOfcpu',
        message:
          "Pod was rejected: Node didn't have enough resource: cpu, requested: 1000, used: 1500, capacity: 2000",
      },
      {
        uid: 'c',
        reason: 'NodeAffinity',
        message:
          "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
      },
    ];
    expect(written).toEqual(rejections);

    loop.resyncAll(controller.signal);
    await workers.whenIdle();
    expect(written).toEqual([...rejections, ...rejections]);
    expect(workers.stateOf('b')).toBeUndefined();

    controller.abort();
    await running;
  });
});
