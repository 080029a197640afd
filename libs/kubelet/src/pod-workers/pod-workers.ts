// One serial worker per pod UID. Each pod moves syncing → terminating → terminated; a kill request interrupts
// an in-flight sync through the worker's AbortController, so a deleted pod never waits for a slow image pull.

import type { Pod } from '@groundkube/api';
import { realClock, type Clock } from '@groundkube/client';
import { silentLogger, type Logger } from '@groundkube/logging';

import type { RuntimePod } from '../kuberuntime/runtime-pod';

export type PodWorkerState = 'syncing' | 'terminating' | 'terminated';

/** What a sync reports back: whether the pod reached a terminal phase, and when to look again. */
export interface SyncOutcome {
  /** The pod finished (Succeeded/Failed): move to terminating. */
  terminal: boolean;
  /** Re-sync after this long (back-off, pod still starting); undefined = wait for the periodic resync. */
  requeueAfterMs?: number | undefined;
}

/**
 * The three steps of a pod's life. Each gets the worker's signal, which aborts when the pod is killed while
 * the step runs (syncPod) or when the kubelet stops (all steps). A rejection is logged and retried after
 * `retryDelayMs` with the pod's newest version.
 */
export interface PodSyncer {
  /** Make the runtime match the spec and report status. */
  syncPod(pod: Pod, signal: AbortSignal): Promise<SyncOutcome>;
  /** Stop every container of the pod with the grace period. `pod` is the API pod, or only the runtime pod for orphans. */
  syncTerminatingPod(
    pod: Pod | undefined,
    runtimePod: RuntimePod | undefined,
    gracePeriodSeconds: number | undefined,
    signal: AbortSignal,
  ): Promise<void>;
  /** The pod is stopped: final status, then, for a deleted pod, cleanup and the API delete. */
  syncTerminatedPod(
    pod: Pod | undefined,
    runtimePod: RuntimePod | undefined,
    signal: AbortSignal,
  ): Promise<void>;
}

export type UpdateType = 'create' | 'update' | 'sync' | 'kill';

export interface PodUpdate {
  type: UpdateType;
  /** The API pod (absent for orphans found only in the runtime). */
  pod?: Pod | undefined;
  /** For orphans: what the runtime holds. */
  runtimePod?: RuntimePod | undefined;
  /** Names the pod when neither `pod` nor `runtimePod` is given (a kill of a known worker). */
  uid?: string | undefined;
  /** For kills: overrides the pod's own grace period. */
  gracePeriodSeconds?: number | undefined;
}

interface Worker {
  uid: string;
  state: PodWorkerState;
  pod: Pod | undefined;
  runtimePod: RuntimePod | undefined;
  gracePeriodSeconds: number | undefined;
  /** Work arrived while a step ran: run again after it. */
  pending: boolean;
  running: boolean;
  /** Whether syncTerminatedPod has run for the pod's current deletion state. */
  terminatedDone: boolean;
  abort: AbortController;
  requeue: AbortController | undefined;
}

export interface PodWorkersOptions {
  syncer: PodSyncer;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** Delay before retrying a step that threw. Default 5 s (the real kubelet's backOffPeriod is 10 s). */
  retryDelayMs?: number | undefined;
  /** Aborts every worker: the kubelet is stopping. */
  signal: AbortSignal;
}

function podKey(pod: Pod | undefined, runtimePod: RuntimePod | undefined): string {
  if (pod) return `${pod.metadata.namespace}/${pod.metadata.name}`;
  return runtimePod ? `${runtimePod.namespace}/${runtimePod.name}` : '?';
}

/** Whether the pod's API state asks for it to stop: deleted, or finished. */
export function isTerminationRequested(pod: Pod): boolean {
  return (
    pod.metadata.deletionTimestamp !== undefined ||
    pod.status?.phase === 'Succeeded' ||
    pod.status?.phase === 'Failed'
  );
}

export function gracePeriodOf(pod: Pod | undefined): number | undefined {
  if (!pod) return undefined;
  return pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly retryDelayMs: number;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: PodWorkersOptions) {
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? silentLogger()).child({ component: 'pod-workers' });
    this.retryDelayMs = options.retryDelayMs ?? 5000;
  }

  /**
   * Hands the newest version of a pod to its worker. Creates the worker on first sight; a kill (or a pod with
   * deletionTimestamp or a terminal phase) moves it to terminating and aborts a sync in flight. Updates of a
   * terminated pod only matter when they add a deletion (then the terminated step runs again for cleanup).
   */
  updatePod(update: PodUpdate): void {
    const uid = update.pod?.metadata.uid ?? update.runtimePod?.uid ?? update.uid;
    if (uid === undefined || this.options.signal.aborted) return;
    let worker = this.workers.get(uid);
    if (worker === undefined) {
      worker = {
        uid,
        state: 'syncing',
        pod: undefined,
        runtimePod: undefined,
        gracePeriodSeconds: undefined,
        pending: false,
        running: false,
        terminatedDone: false,
        abort: new AbortController(),
        requeue: undefined,
      };
      this.workers.set(uid, worker);
    }
    const wasDeleted = worker.pod?.metadata.deletionTimestamp !== undefined;
    if (update.pod) worker.pod = update.pod;
    if (update.runtimePod) worker.runtimePod = update.runtimePod;

    const killRequested =
      update.type === 'kill' || (update.pod !== undefined && isTerminationRequested(update.pod));
    if (killRequested) {
      const grace = update.gracePeriodSeconds ?? gracePeriodOf(update.pod ?? worker.pod);
      // A shorter grace period wins, as with repeated deletes.
      if (
        grace !== undefined &&
        (worker.gracePeriodSeconds === undefined || grace < worker.gracePeriodSeconds)
      ) {
        worker.gracePeriodSeconds = grace;
      }
      if (worker.state === 'syncing') {
        this.log.debug(
          { pod: podKey(worker.pod, worker.runtimePod), podUID: uid },
          'Pod termination requested',
        );
        worker.state = 'terminating';
        worker.abort.abort();
      }
    }
    if (worker.state === 'terminated') {
      const nowDeleted = worker.pod?.metadata.deletionTimestamp !== undefined || update.type === 'kill';
      if (!nowDeleted || (wasDeleted && worker.terminatedDone)) return;
      worker.terminatedDone = false;
    }
    worker.requeue?.abort();
    worker.requeue = undefined;
    worker.pending = true;
    if (!worker.running) void this.runWorker(worker);
  }

  /** The state of a pod's worker, undefined when it has none. */
  stateOf(uid: string): PodWorkerState | undefined {
    return this.workers.get(uid)?.state;
  }

  /** UIDs with a worker, in any state. */
  knownPods(): string[] {
    return [...this.workers.keys()];
  }

  /** Whether the pod's worker is done and idle (safe to forget). */
  isFinished(uid: string): boolean {
    const w = this.workers.get(uid);
    return w !== undefined && w.state === 'terminated' && !w.running && !w.pending && w.terminatedDone;
  }

  /** Drops an idle worker (its API pod is gone and the runtime is cleaned); a later update starts afresh. */
  forget(uid: string): void {
    const w = this.workers.get(uid);
    if (w === undefined || w.running) return;
    w.requeue?.abort();
    this.workers.delete(uid);
  }

  /** Resolves when no worker is running or has pending work (tests). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return [...this.workers.values()].every((w) => !w.running && !w.pending);
  }

  private async runWorker(worker: Worker): Promise<void> {
    worker.running = true;
    const stop = this.options.signal;
    while (worker.pending && !stop.aborted) {
      worker.pending = false;
      const log = this.log.child({ pod: podKey(worker.pod, worker.runtimePod), podUID: worker.uid });
      try {
        await this.step(worker, log);
      } catch (err) {
        if (stop.aborted) break;
        if (worker.abort.signal.aborted && worker.state !== 'syncing') {
          // The sync was interrupted by a kill: go straight on to terminating.
          worker.pending = true;
          continue;
        }
        log.warn({ err, state: worker.state }, 'Pod sync failed, retrying');
        this.scheduleRequeue(worker, this.retryDelayMs);
      }
    }
    worker.running = false;
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async step(worker: Worker, log: Logger): Promise<void> {
    const { syncer } = this.options;
    if (worker.state === 'syncing') {
      if (worker.abort.signal.aborted) worker.abort = new AbortController();
      const signal = AbortSignal.any([worker.abort.signal, this.options.signal]);
      const pod = worker.pod;
      if (pod === undefined) {
        worker.state = 'terminating';
        worker.pending = true;
        return;
      }
      log.trace('Pod sync');
      const outcome = await syncer.syncPod(pod, signal);
      if (worker.state !== 'syncing') {
        worker.pending = true;
        return;
      }
      if (outcome.terminal) {
        log.debug('Pod finished, terminating');
        worker.gracePeriodSeconds ??= gracePeriodOf(pod);
        worker.state = 'terminating';
        worker.pending = true;
      } else if (outcome.requeueAfterMs !== undefined) {
        this.scheduleRequeue(worker, outcome.requeueAfterMs);
      }
      return;
    }
    // Stopping a pod is not cut short by updates, only by the kubelet stopping. Each step still gets its own
    // signal: the steps of many pods run at once, and each call made with a signal listens on it.
    const stepSignal = AbortSignal.any([this.options.signal]);
    if (worker.state === 'terminating') {
      log.debug({ gracePeriodSeconds: worker.gracePeriodSeconds }, 'Pod terminating');
      await syncer.syncTerminatingPod(worker.pod, worker.runtimePod, worker.gracePeriodSeconds, stepSignal);
      worker.state = 'terminated';
      worker.pending = true;
      return;
    }
    await syncer.syncTerminatedPod(worker.pod, worker.runtimePod, stepSignal);
    worker.terminatedDone = true;
    log.debug('Pod terminated');
  }

  private scheduleRequeue(worker: Worker, delayMs: number): void {
    worker.requeue?.abort();
    const requeue = new AbortController();
    worker.requeue = requeue;
    const signal = AbortSignal.any([requeue.signal, this.options.signal]);
    this.clock.sleep(delayMs, signal).then(
      () => {
        if (worker.requeue !== requeue || this.workers.get(worker.uid) !== worker) return;
        worker.requeue = undefined;
        worker.pending = true;
        if (!worker.running) void this.runWorker(worker);
      },
      () => undefined,
    );
  }
}
