import type { Pod } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';

import type { RuntimePod } from '../kuberuntime/runtime-pod';
import { PodWorkers, type PodSyncer, type SyncOutcome } from './pod-workers';

const pod = (rv: string, extra: Partial<Pod['metadata']> = {}, phase?: 'Succeeded'): Pod => ({
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: rv, ...extra },
  spec: { containers: [{ name: 'c' }], terminationGracePeriodSeconds: 30 },
  ...(phase ? { status: { phase } } : {}),
});

/** Records calls; each syncPod can be held open until the test releases it. */
class ScriptedSyncer implements PodSyncer {
  readonly calls: string[] = [];
  outcomes: SyncOutcome[] = [];
  failNext = 0;
  hold = false;
  private release: (() => void) | undefined;
  lastSignal: AbortSignal | undefined;

  async syncPod(p: Pod, signal: AbortSignal): Promise<SyncOutcome> {
    this.calls.push(`sync ${p.metadata.resourceVersion}`);
    this.lastSignal = signal;
    if (this.hold) {
      await new Promise<void>((resolve, reject) => {
        this.release = resolve;
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      });
    }
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('runtime down');
    }
    return this.outcomes.shift() ?? { terminal: false };
  }

  async syncTerminatingPod(
    p: Pod | undefined,
    r: RuntimePod | undefined,
    grace: number | undefined,
  ): Promise<void> {
    this.calls.push(`terminating ${p?.metadata.resourceVersion ?? r?.uid} grace=${grace}`);
  }

  async syncTerminatedPod(p: Pod | undefined, r: RuntimePod | undefined): Promise<void> {
    this.calls.push(`terminated ${p?.metadata.resourceVersion ?? r?.uid}`);
  }

  releaseSync(): void {
    this.release?.();
  }
}

function setup() {
  const syncer = new ScriptedSyncer();
  const clock = new FakeClock();
  const controller = new AbortController();
  const workers = new PodWorkers({ syncer, clock, signal: controller.signal, retryDelayMs: 5000 });
  return { syncer, clock, workers, stop: () => controller.abort() };
}

describe('PodWorkers', () => {
  it('syncs a new pod, and coalesces updates that arrive during a sync into one more sync of the newest', async () => {
    const { syncer, workers, stop } = setup();
    syncer.hold = true;
    workers.updatePod({ type: 'create', pod: pod('1') });
    workers.updatePod({ type: 'update', pod: pod('2') });
    workers.updatePod({ type: 'update', pod: pod('3') });
    syncer.hold = false;
    syncer.releaseSync();
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync 1', 'sync 3']);
    expect(workers.stateOf('u1')).toBe('syncing');
    stop();
  });

  it('interrupts an in-flight sync when the pod is deleted, then terminates it with its grace period', async () => {
    const { syncer, workers, stop } = setup();
    syncer.hold = true;
    workers.updatePod({ type: 'create', pod: pod('1') });
    await Promise.resolve();
    const inflight = syncer.lastSignal!;
    workers.updatePod({
      type: 'update',
      pod: pod('2', { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 7 }),
    });
    expect(inflight.aborted).toBe(true);
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync 1', 'terminating 2 grace=7', 'terminated 2']);
    expect(workers.stateOf('u1')).toBe('terminated');
    expect(workers.isFinished('u1')).toBe(true);
    stop();
  });

  it('terminates a pod whose sync reports it finished, keeps it terminated, and cleans up once deleted', async () => {
    const { syncer, workers, stop } = setup();
    syncer.outcomes = [{ terminal: true }];
    workers.updatePod({ type: 'create', pod: pod('1') });
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync 1', 'terminating 1 grace=30', 'terminated 1']);

    workers.updatePod({ type: 'sync', pod: pod('2', {}, 'Succeeded') });
    await workers.whenIdle();
    expect(syncer.calls).toHaveLength(3);

    workers.updatePod({
      type: 'update',
      pod: pod('3', { deletionTimestamp: '2026-01-01T00:00:00Z' }, 'Succeeded'),
    });
    await workers.whenIdle();
    workers.updatePod({
      type: 'update',
      pod: pod('4', { deletionTimestamp: '2026-01-01T00:00:00Z' }, 'Succeeded'),
    });
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync 1', 'terminating 1 grace=30', 'terminated 1', 'terminated 3']);
    stop();
  });

  it('keeps the shortest grace period asked for', async () => {
    const { syncer, workers, stop } = setup();
    syncer.hold = true;
    workers.updatePod({ type: 'create', pod: pod('1') });
    workers.updatePod({ type: 'kill', pod: pod('2'), gracePeriodSeconds: 10 });
    workers.updatePod({ type: 'kill', pod: pod('3'), gracePeriodSeconds: 20 });
    workers.updatePod({ type: 'kill', pod: pod('4'), gracePeriodSeconds: 0 });
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync 1', 'terminating 4 grace=0', 'terminated 4']);
    stop();
  });

  it('retries a failed sync after the retry delay, with the newest pod', async () => {
    const { syncer, clock, workers, stop } = setup();
    syncer.failNext = 1;
    workers.updatePod({ type: 'create', pod: pod('1') });
    await workers.whenIdle();
    await clock.waitForSleepers(1);
    await clock.advance(4999);
    expect(syncer.calls).toEqual(['sync 1']);
    await clock.advance(1);
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync 1', 'sync 1']);
    stop();
  });

  it('syncs again after the requeue delay a sync asked for, unless newer work came first', async () => {
    const { syncer, clock, workers, stop } = setup();
    syncer.outcomes = [{ terminal: false, requeueAfterMs: 1000 }, { terminal: false }];
    workers.updatePod({ type: 'create', pod: pod('1') });
    await workers.whenIdle();
    await clock.waitForSleepers(1);
    await clock.advance(1000);
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['sync 1', 'sync 1']);
    stop();
  });

  it('kills an orphan known only from the runtime', async () => {
    const { syncer, workers, stop } = setup();
    const orphan: RuntimePod = {
      uid: 'u9',
      name: 'old',
      namespace: 'default',
      sandboxes: [],
      containers: [],
    };
    workers.updatePod({ type: 'kill', runtimePod: orphan });
    await workers.whenIdle();
    expect(syncer.calls).toEqual(['terminating u9 grace=undefined', 'terminated u9']);
    workers.forget('u9');
    expect(workers.knownPods()).toEqual([]);
    stop();
  });

  it('gives every terminating pod a signal of its own, so many stopping at once do not pile listeners on one', async () => {
    const held: AbortSignal[] = [];
    const syncer: PodSyncer = {
      syncPod: async () => ({ terminal: false }),
      // Like a runtime call, each step listens for abort until the kubelet stops.
      syncTerminatingPod: (_p, _r, _grace, signal) =>
        new Promise<void>((resolve) => {
          held.push(signal);
          signal.addEventListener('abort', () => resolve(), { once: true });
        }),
      syncTerminatedPod: async () => undefined,
    };
    const controller = new AbortController();
    const workers = new PodWorkers({ syncer, clock: new FakeClock(), signal: controller.signal });
    const warnings: string[] = [];
    const onWarning = (w: Error): number => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 15; i++) {
        const runtimePod: RuntimePod = {
          uid: `u${i}`,
          name: `p${i}`,
          namespace: 'default',
          sandboxes: [],
          containers: [],
        };
        workers.updatePod({ type: 'kill', runtimePod });
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(held).toHaveLength(15);
      expect(new Set(held).size).toBe(15);
      expect(held).not.toContain(controller.signal);
      // Stopping the kubelet still reaches every one of them.
      controller.abort();
      expect(held.every((signal) => signal.aborted)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
