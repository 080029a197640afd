// The kubelet's main loop: pod updates from the API server, runtime changes (PLEG), the periodic resync and
// housekeeping (orphans, finished workers), all handed to the pod workers.

import type { Node, Pod } from '@groundkube/api';
import { realClock, type Clock } from '@groundkube/client';
import type { SharedInformer } from '@groundkube/client/cache';
import { silentLogger, type Logger } from '@groundkube/logging';

import { admissionRejection, type AdmissionRejection } from './admission/pod-admission';
import { rejectedPodStatus } from './admission/rejection';
import { podReference, type EventRecorder } from './events/event-recorder';
import { PodLifecycleEventGenerator } from './pleg';
import type { PodRuntime } from './pod-runtime';
import { gracePeriodOf, type PodWorkers } from './pod-workers/pod-workers';
import type { StatusManager } from './status/status-manager';

export interface SyncLoopOptions {
  informer: SharedInformer<Pod>;
  workers: PodWorkers;
  runtime: PodRuntime;
  statusManager: StatusManager;
  /**
   * This node as the kubelet last saw it (labels, allocatable), for admitting pods. Called once per new pod;
   * the kubelet answers from its node informer, or with the node it registers while that has not listed.
   */
  node: () => Node;
  /** For the events of pods the node rejects. */
  recorder?: EventRecorder | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** Periodic resync of every pod. Default 10 s. */
  syncFrequencyMs?: number | undefined;
  /** Runtime relist period (PLEG). Default 1 s. */
  relistPeriodMs?: number | undefined;
  /** Housekeeping period. Default 2 s. */
  housekeepingPeriodMs?: number | undefined;
}

export class SyncLoop {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly pleg = new PodLifecycleEventGenerator();
  /**
   * Pods this kubelet rejected at admission, by UID, with why. As on the real kubelet none gets a worker, so
   * nothing rewrites the rejection's status (a worker would add container statuses, and kubectl would show
   * ContainerCreating instead of the reason); until the informer shows the rejection, the periodic resync
   * writes it again.
   */
  private readonly rejected = new Map<string, AdmissionRejection>();

  constructor(private readonly options: SyncLoopOptions) {
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? silentLogger()).child({ component: 'sync-loop' });
  }

  /** Wires the informer to the workers and runs the periodic loops until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const { informer, workers } = this.options;
    const remove = informer.addEventHandler({
      onAdd: (pod) => this.admit(pod, signal),
      onUpdate: (_old, pod) => this.dispatch('update', pod),
      // Gone from the API: a force delete, or our own final delete (then the worker is already terminated).
      // A rejected pod never ran anything: there is nothing to kill.
      onDelete: (pod) => {
        const uid = pod.metadata.uid ?? '';
        if (this.rejected.delete(uid) && workers.stateOf(uid) === undefined) {
          this.options.statusManager.forget(uid);
          return;
        }
        workers.updatePod({ type: 'kill', pod, gracePeriodSeconds: gracePeriodOf(pod) });
      },
    });
    try {
      await Promise.all([
        this.every(this.options.syncFrequencyMs ?? 10_000, signal, () => this.resyncAll(signal)),
        this.every(this.options.relistPeriodMs ?? 1000, signal, () => this.relist(signal)),
        this.every(this.options.housekeepingPeriodMs ?? 2000, signal, () => this.housekeeping(signal)),
      ]);
    } finally {
      remove();
    }
  }

  /** Hands every known pod to its worker again (the periodic sync); retries a rejection not yet written. */
  resyncAll(signal?: AbortSignal): void {
    for (const pod of this.options.informer.indexer.list()) {
      const rejection = this.rejected.get(pod.metadata.uid ?? '');
      if (rejection === undefined) this.dispatch('sync', pod);
      else if (pod.status?.phase !== 'Failed') void this.reject(pod, rejection, signal);
    }
  }

  /**
   * A new pod runs only if this node can take it: its requests fit the allocatable left by the admitted pods,
   * its nodeSelector and required node affinity match the node, and its host ports are free (see
   * admission/pod-admission). One that fails is rejected as the kubelet rejects: phase Failed, the failed
   * check's reason (OutOfcpu, NodeAffinity, NodePorts…), and an event; it never gets a worker.
   * Pods already finished or being deleted go straight to their workers. TODO(#4): so does a pod rejected
   * before this kubelet restarted, whose worker then adds waiting container statuses to the rejection (the
   * real kubelet's terminated-pod path reports them terminated instead).
   */
  admit(pod: Pod, signal?: AbortSignal): void {
    const { workers, informer } = this.options;
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (
      !finished &&
      pod.metadata.deletionTimestamp === undefined &&
      workers.stateOf(pod.metadata.uid ?? '') === undefined
    ) {
      const admitted = informer.indexer
        .list()
        .filter(
          (p) =>
            workers.stateOf(p.metadata.uid ?? '') === 'syncing' && !this.rejected.has(p.metadata.uid ?? ''),
        )
        .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
      const rejection = admissionRejection(pod, this.options.node(), admitted);
      if (rejection !== undefined) {
        this.rejected.set(pod.metadata.uid ?? '', rejection);
        void this.reject(pod, rejection, signal);
        return;
      }
    }
    this.dispatch('create', pod);
  }

  private dispatch(type: 'create' | 'update' | 'sync', pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    if (this.rejected.has(uid)) {
      // A rejected pod gets no worker. Only a graceful deletion, possible while the rejection is not
      // written yet (a Pending pod), needs one: the worker finishes it, and there is nothing to stop.
      if (pod.metadata.deletionTimestamp === undefined) return;
      this.rejected.delete(uid);
    }
    this.options.workers.updatePod({ type, pod });
  }

  private async reject(
    pod: Pod,
    { reason, message }: AdmissionRejection,
    signal?: AbortSignal,
  ): Promise<void> {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.log.info({ pod: key, reason, message }, 'Pod rejected at admission');
    this.options.recorder?.event(podReference(pod), 'Warning', reason, message);
    const now = new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    try {
      await this.options.statusManager.setPodStatus(
        pod,
        rejectedPodStatus(pod, reason, message, now),
        signal,
      );
    } catch (err) {
      // Still rejected: the periodic resync writes it again.
      this.log.warn({ err, pod: key }, 'Writing the rejection failed');
    }
  }

  /** PLEG: syncs the pods whose runtime state changed. */
  async relist(signal: AbortSignal): Promise<void> {
    const pods = await this.options.runtime.getPods(signal);
    const byUid = this.apiPodsByUid();
    for (const uid of this.pleg.relist(pods)) {
      const pod = byUid.get(uid);
      if (pod !== undefined) this.dispatch('sync', pod);
    }
  }

  /**
   * Kills runtime pods that have no API pod (orphans: deleted while the kubelet was down, or force-deleted)
   * and forgets workers whose pod is gone and fully cleaned. Only runs once the informer listed, so a kubelet
   * that just started never mistakes its running pods for orphans.
   */
  async housekeeping(signal: AbortSignal): Promise<void> {
    const { informer, workers, statusManager } = this.options;
    if (!informer.hasSynced()) return;
    const runtimePods = await this.options.runtime.getPods(signal);
    // The API pods are read after the runtime answered: a pod added while getPods was in flight already has a
    // syncing worker, and a list taken before the await would make it look like an orphan to kill.
    const byUid = this.apiPodsByUid();
    const inRuntime = new Set(runtimePods.map((p) => p.uid));

    for (const uid of workers.knownPods()) {
      if (byUid.has(uid)) continue;
      if (workers.isFinished(uid) && !inRuntime.has(uid)) {
        workers.forget(uid);
        statusManager.forget(uid);
      } else if (workers.stateOf(uid) === 'syncing') {
        workers.updatePod({ type: 'kill', uid, runtimePod: runtimePods.find((p) => p.uid === uid) });
      }
    }
    for (const runtimePod of runtimePods) {
      if (byUid.has(runtimePod.uid)) continue;
      const state = workers.stateOf(runtimePod.uid);
      if (state === undefined || workers.isFinished(runtimePod.uid)) {
        this.log.info(
          { pod: `${runtimePod.namespace}/${runtimePod.name}`, podUID: runtimePod.uid },
          'Cleaning up orphaned pod',
        );
        if (state !== undefined) workers.forget(runtimePod.uid);
        workers.updatePod({ type: 'kill', runtimePod });
      }
    }
  }

  private apiPodsByUid(): Map<string, Pod> {
    return new Map(this.options.informer.indexer.list().map((p) => [p.metadata.uid ?? '', p]));
  }

  private async every(periodMs: number, signal: AbortSignal, fn: () => void | Promise<void>): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.clock.sleep(periodMs, signal);
      } catch {
        return;
      }
      try {
        await fn();
      } catch (err) {
        if (signal.aborted) return;
        this.log.warn({ err }, 'Periodic task failed');
      }
    }
  }
}
