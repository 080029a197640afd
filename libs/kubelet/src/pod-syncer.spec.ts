import type { ContainerStatus, Pod } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';

import type { EventRecorder } from './events/event-recorder';
import type { RuntimePodStatus } from './kuberuntime/runtime-pod';
import { SyncResult } from './kuberuntime/sync-result';
import type { PodRuntime } from './pod-runtime';
import { KubeletPodSyncer } from './pod-syncer';
import type { StatusManager } from './status/status-manager';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'busybox' }] },
};

const runtimeStatus: RuntimePodStatus = {
  uid: 'u1',
  name: 'web',
  namespace: 'default',
  ips: ['10.0.0.2'],
  sandboxes: [],
  containers: [],
  timestamp: new Date(0),
};

/** A syncer over a runtime whose every sync returns `result` and whose one container is `ready` or not. */
function syncerFor(result: SyncResult, ready: boolean) {
  const events: string[] = [];
  const runtime = {
    getPodStatus: async () => runtimeStatus,
    syncPod: async () => result,
    toContainerStatuses: (): ContainerStatus[] => [
      {
        name: 'app',
        image: 'busybox',
        imageID: '',
        ready,
        restartCount: 0,
        state: ready ? { running: { startedAt: '2026-01-01T00:00:00Z' } } : { waiting: { reason: 'X' } },
      },
    ],
    toInitContainerStatuses: (): ContainerStatus[] => [],
  } as unknown as PodRuntime;
  const statusManager = {
    lastStatus: () => undefined,
    setPodStatus: async () => undefined,
  } as unknown as StatusManager;
  const recorder = {
    event: (_ref: unknown, _type: string, reason: string) => events.push(reason),
  } as unknown as EventRecorder;
  const syncer = new KubeletPodSyncer({
    runtime,
    statusManager,
    recorder,
    hostIPs: ['192.0.2.1'],
    clock: new FakeClock(0),
  });
  return { syncer, events };
}

const signal = new AbortController().signal;

describe('KubeletPodSyncer: when to look at a pod again', () => {
  it('looks again in a second while a healthy pod is still starting, and not at all once it runs', async () => {
    expect((await syncerFor(new SyncResult(), false).syncer.syncPod(pod, signal)).requeueAfterMs).toBe(1000);
    expect(
      (await syncerFor(new SyncResult(), true).syncer.syncPod(pod, signal)).requeueAfterMs,
    ).toBeUndefined();
  });

  it('waits 10 s after a failure that names no back-off (a failed pull)', async () => {
    const result = new SyncResult();
    result.fail({ action: 'PullImage', container: 'app', reason: 'ErrImagePull', message: 'no such image' });
    expect((await syncerFor(result, false).syncer.syncPod(pod, signal)).requeueAfterMs).toBe(10_000);
  });

  it.each([
    [3_500, 3_500],
    [250, 1_000],
    [120_000, 10_000],
  ])('waits for a back-off of %i ms as %i ms (between 1 s and 10 s)', async (remaining, expected) => {
    const result = new SyncResult();
    result.event('Normal', 'BackOff', 'Back-off pulling image "nope"', 'app');
    result.holdBack(remaining);
    result.fail({ action: 'PullImage', container: 'app', reason: 'ImagePullBackOff', message: 'back-off' });
    const { syncer, events } = syncerFor(result, false);
    expect((await syncer.syncPod(pod, signal)).requeueAfterMs).toBe(expected);
    expect(events).toEqual(['BackOff']);
  });

  it('keeps the soonest of several back-offs', () => {
    const result = new SyncResult();
    result.holdBack(8_000);
    result.holdBack(2_000);
    result.holdBack(5_000);
    expect(result.retryAfterMs).toBe(2_000);
  });
});

describe('KubeletPodSyncer: stopping a pod', () => {
  it('stops a deleted pod, reports its containers terminated and not ready, and only then lets it be removed', async () => {
    const calls: string[] = [];
    const written: Pod['status'][] = [];
    const runtime = {
      stopPod: async () => {
        calls.push('stopPod');
        return new SyncResult();
      },
      killPod: async () => {
        calls.push('killPod');
        return new SyncResult();
      },
      getPodStatus: async () => runtimeStatus,
      toContainerStatuses: (): ContainerStatus[] => [
        {
          name: 'app',
          image: 'busybox',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 137, reason: 'Error' } },
        },
      ],
      toInitContainerStatuses: (): ContainerStatus[] => [],
    } as unknown as PodRuntime;
    const statusManager = {
      lastStatus: () => undefined,
      setPodStatus: async (_pod: Pod, status: Pod['status']) => {
        calls.push('setPodStatus');
        written.push(status);
        return undefined;
      },
    } as unknown as StatusManager;
    const recorder = { event: () => undefined } as unknown as EventRecorder;
    const syncer = new KubeletPodSyncer({
      runtime,
      statusManager,
      recorder,
      hostIPs: ['192.0.2.1'],
      clock: new FakeClock(0),
    });
    const deleted: Pod = {
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' },
      status: { phase: 'Running' },
    };

    await syncer.syncTerminatingPod(deleted, undefined, 1, signal);
    expect(calls).toEqual(['stopPod', 'setPodStatus']);
    expect(written[0]?.containerStatuses?.[0]).toMatchObject({
      ready: false,
      state: { terminated: { exitCode: 137 } },
    });
    expect(written[0]?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });
});

describe('KubeletPodSyncer: spec.activeDeadlineSeconds', () => {
  const started = Date.parse('2026-01-01T00:00:00Z');

  function deadlineSyncer(nowMs: number) {
    const calls: string[] = [];
    const events: string[] = [];
    const written: Pod['status'][] = [];
    const runtime = {
      getPodStatus: async () => runtimeStatus,
      syncPod: async () => {
        calls.push('syncPod');
        return new SyncResult();
      },
      toContainerStatuses: (): ContainerStatus[] => [
        {
          name: 'app',
          image: 'busybox',
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
        },
      ],
      toInitContainerStatuses: (): ContainerStatus[] => [],
    } as unknown as PodRuntime;
    const statusManager = {
      lastStatus: () => undefined,
      setPodStatus: async (_pod: Pod, status: Pod['status']) => void written.push(status),
    } as unknown as StatusManager;
    const recorder = {
      event: (_ref: unknown, type: string, reason: string, message: string) =>
        events.push(`${type} ${reason}: ${message}`),
    } as unknown as EventRecorder;
    const syncer = new KubeletPodSyncer({
      runtime,
      statusManager,
      recorder,
      hostIPs: ['192.0.2.1'],
      clock: new FakeClock(nowMs),
    });
    return { syncer, calls, events, written };
  }

  const limited: Pod = {
    ...pod,
    spec: { ...pod.spec!, activeDeadlineSeconds: 5 },
    status: { phase: 'Running', startTime: '2026-01-01T00:00:00Z' },
  };

  it('before the deadline syncs as usual and looks again when the deadline passes', async () => {
    const { syncer, calls, events } = deadlineSyncer(started + 3_500);
    const outcome = await syncer.syncPod(limited, signal);
    expect(outcome).toEqual({ terminal: false, requeueAfterMs: 1_500 });
    expect(calls).toEqual(['syncPod']);
    expect(events).toEqual([]);
  });

  it('past the deadline fails the pod with DeadlineExceeded and an event, without starting anything', async () => {
    const { syncer, calls, events, written } = deadlineSyncer(started + 5_000);
    const outcome = await syncer.syncPod(limited, signal);
    expect(outcome.terminal).toBe(true);
    expect(calls).toEqual([]);
    expect(written[0]).toMatchObject({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
      startTime: '2026-01-01T00:00:00Z',
    });
    expect(events).toEqual([
      'Normal DeadlineExceeded: Pod was active on the node longer than the specified deadline',
    ]);
  });

  it('leaves a pod without a deadline alone however long it runs', async () => {
    const { syncer, calls } = deadlineSyncer(started + 10 * 365 * 86_400_000);
    const outcome = await syncer.syncPod({ ...limited, spec: pod.spec! }, signal);
    expect(outcome).toEqual({ terminal: false, requeueAfterMs: undefined });
    expect(calls).toEqual(['syncPod']);
  });
});
